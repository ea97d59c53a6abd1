import * as df from 'durable-functions';
import { ActivityNames } from '../../shared/durable';
import { auditRefusalsInputSchema, auditRefusedToolCalls } from '../../shared/investigation';

/** Records the tool calls the agent loop refused (repeats, over budget) in the audit log. */
async function auditRefusedCallsActivity(input: unknown): Promise<void> {
  await auditRefusedToolCalls(auditRefusalsInputSchema.parse(input));
}

df.app.activity(ActivityNames.auditRefusedCalls, { handler: auditRefusedCallsActivity });

export { auditRefusedCallsActivity };
