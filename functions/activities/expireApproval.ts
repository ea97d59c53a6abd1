import * as df from 'durable-functions';
import { ActivityNames } from '../../shared/durable';
import { expireApproval, expireApprovalInputSchema } from '../../shared/investigation';

/** Marks an approval expired after its durable timer won the race. */
async function expireApprovalActivity(input: unknown): Promise<void> {
  await expireApproval(expireApprovalInputSchema.parse(input).approvalId);
}

df.app.activity(ActivityNames.expireApproval, { handler: expireApprovalActivity });

export { expireApprovalActivity };
