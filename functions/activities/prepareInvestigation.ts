import * as df from 'durable-functions';
import { ActivityNames } from '../../shared/durable';
import { prepareInputSchema, prepareInvestigation, type InvestigationContext } from '../../shared/investigation';

/** Matches the plan and gathers what every hypothesis of the investigation shares. */
async function prepareInvestigationActivity(input: unknown): Promise<InvestigationContext> {
  return prepareInvestigation(prepareInputSchema.parse(input));
}

df.app.activity(ActivityNames.prepareInvestigation, { handler: prepareInvestigationActivity });

export { prepareInvestigationActivity };
