import * as df from 'durable-functions';
import { ActivityNames } from '../../shared/durable';
import { modelTurnInputSchema, runSubagentTurn } from '../../shared/investigation';
import type { ModelTurnResult } from '../../shared/llm/runModelTurn';

/** One model turn of a hypothesis subagent: a crash resumes at the last finished turn. */
async function modelTurnActivity(input: unknown): Promise<ModelTurnResult> {
  return runSubagentTurn(modelTurnInputSchema.parse(input));
}

df.app.activity(ActivityNames.modelTurn, { handler: modelTurnActivity });

export { modelTurnActivity };
