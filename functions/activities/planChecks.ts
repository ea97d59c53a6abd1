import * as df from 'durable-functions';
import { ActivityNames } from '../../shared/durable';
import { planChecksInputSchema, planHypothesisChecks, type PlanChecksOutput } from '../../shared/investigation';

/** Renders a hypothesis's deterministic checks for this incident. */
async function planChecksActivity(input: unknown): Promise<PlanChecksOutput> {
  return planHypothesisChecks(planChecksInputSchema.parse(input));
}

df.app.activity(ActivityNames.planChecks, { handler: planChecksActivity });

export { planChecksActivity };
