import * as df from 'durable-functions';
import type { HypothesisVerdict } from '../../shared/agent/verdict';
import { ActivityNames } from '../../shared/durable';
import { evaluateHypothesisVerdict, evaluateVerdictInputSchema } from '../../shared/investigation';

/** Applies a hypothesis's verdict rules to its check results (deterministic mode). */
async function evaluateVerdictActivity(input: unknown): Promise<HypothesisVerdict> {
  return evaluateHypothesisVerdict(evaluateVerdictInputSchema.parse(input));
}

df.app.activity(ActivityNames.evaluateVerdict, { handler: evaluateVerdictActivity });

export { evaluateVerdictActivity };
