import * as df from 'durable-functions';
import { ActivityNames } from '../../shared/durable';
import { checkMitigation, checkMitigationInputSchema, type CheckMitigationOutput } from '../../shared/investigation';

/** Says whether a remediation's symptom cleared, from the symptom check run again. */
async function checkMitigationActivity(input: unknown): Promise<CheckMitigationOutput> {
  return checkMitigation(checkMitigationInputSchema.parse(input));
}

df.app.activity(ActivityNames.checkMitigation, { handler: checkMitigationActivity });

export { checkMitigationActivity };
