import * as df from 'durable-functions';
import type { ToolCallRecord } from '../../shared/agent/toolCallRecord';
import { ActivityNames } from '../../shared/durable';
import { runToolCall, runToolInputSchema } from '../../shared/investigation';

/** Runs one tool call requested by the model or a deterministic check. */
async function runToolActivity(input: unknown): Promise<ToolCallRecord> {
  return runToolCall(runToolInputSchema.parse(input));
}

df.app.activity(ActivityNames.runTool, { handler: runToolActivity });

export { runToolActivity };
