import { governanceServices } from '../governance/governanceServices';

/** A tool call refused before any tool ran: unknown tool, invalid input, not allowed or not configured. */
interface RefusedToolCall {
  investigationId: string;
  hypothesisId: string;
  toolCallId: string;
  /** The tool name as the model wrote it (it may name no tool at all). */
  tool: string;
  /** `unknown_tool`, `invalid_input`, `tool_not_allowed`, `tool_not_configured`. */
  code: string;
  reason: string;
  input?: unknown;
}

/**
 * Records a refused tool call in the audit log (kind `decision`, decision `refused`), so a model
 * asking for tools that do not exist, or that its plan does not allow, leaves a trace like any
 * call that ran. The input is redacted like every audit record.
 */
async function auditRefusedToolCall(call: RefusedToolCall, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const services = governanceServices(env);
  await services.auditLog.append({
    at: new Date().toISOString(),
    investigationId: call.investigationId,
    kind: 'decision',
    actor: { type: 'model', id: call.hypothesisId },
    hypothesisId: call.hypothesisId,
    toolCallId: call.toolCallId,
    invocation: call.tool,
    summary: `refused: ${call.reason}`,
    details: services.redactor.redactDeep({ decision: 'refused', code: call.code, ...(call.input !== undefined ? { input: call.input } : {}) }),
  });
}

export { auditRefusedToolCall };
export type { RefusedToolCall };
