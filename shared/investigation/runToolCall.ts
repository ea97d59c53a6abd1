import type { ToolCallRecord } from '../agent/toolCallRecord';
import { fieldProblemsFromZod } from '../errors';
import { offloadLargeResult } from '../tools/results/offloadResult';
import type { ToolResult } from '../tools/tool';
import type { RunToolInput } from './investigationSchemas';
import { getTools } from './toolRegistry';

/** A result for a call that never reached a tool; the model reads it like any failure. */
function refusedResult(tool: string, code: string, message: string, details?: unknown): ToolResult {
  return { schemaVersion: 1, tool, status: 'error', invocation: '', error: { code, message, ...(details ? { details } : {}) }, summary: message, durationMs: 0 };
}

/**
 * Runs one tool call: the tool must be allowed by the plan and configured here, its arguments
 * must parse with the tool's schema, and whatever happens upstream comes back as a
 * status-tagged record (tool failures are data for the model; only bugs throw).
 */
async function runToolCall(input: RunToolInput, env: NodeJS.ProcessEnv = process.env): Promise<ToolCallRecord> {
  const record = (result: ToolResult): ToolCallRecord => ({
    schemaVersion: 1,
    id: input.callId,
    hypothesisId: input.hypothesisId,
    tool: input.tool,
    arguments: input.arguments,
    result,
  });
  if (!input.allowedTools.includes(input.tool)) {
    return record(refusedResult(input.tool, 'tool_not_allowed', `${input.tool} is not allowed by this investigation's plan; use one of: ${input.allowedTools.join(', ')}`));
  }
  const tool = getTools(env).get(input.tool);
  if (!tool) return record(refusedResult(input.tool, 'tool_not_configured', `${input.tool} is not configured in this deployment`));
  const parsed = tool.parameters.safeParse(input.arguments);
  if (!parsed.success) {
    const problems = fieldProblemsFromZod(parsed.error.issues);
    return record(refusedResult(input.tool, 'invalid_arguments', `invalid arguments: ${problems.map((p) => `${p.path || '(root)'}: ${p.message}`).join('; ')}`, problems));
  }
  const now = new Date(input.now);
  const result = await tool.execute(parsed.data, { investigationId: input.investigationId, now: () => now, signal: AbortSignal.timeout(120_000) });
  // Frugal context: a large result is stored and the model gets a summary plus read_result.
  return record(await offloadLargeResult(result, input, env));
}

export { runToolCall };
