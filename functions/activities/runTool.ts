import * as df from 'durable-functions';
import { ActivityNames } from '../../shared/durable';
import { runToolCall, runToolInputSchema, type RunToolOutput } from '../../shared/investigation';

/** Runs one tool call requested by the model or a deterministic check, under governance. */
async function runToolActivity(input: unknown): Promise<RunToolOutput> {
  return runToolCall(runToolInputSchema.parse(input));
}

df.app.activity(ActivityNames.runTool, { handler: runToolActivity });

export { runToolActivity };
