import * as df from 'durable-functions';
import { ActivityNames } from '../../shared/durable';
import { requestApproval, requestApprovalInputSchema } from '../../shared/investigation';

/** Records a pending approval for a tool call the rules ask about, and announces it. */
async function requestApprovalActivity(input: unknown): Promise<{ approvalUrl: string }> {
  return requestApproval(requestApprovalInputSchema.parse(input));
}

df.app.activity(ActivityNames.requestApproval, { handler: requestApprovalActivity });

export { requestApprovalActivity };
