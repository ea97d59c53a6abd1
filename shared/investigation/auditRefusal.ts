import { z } from 'zod';
import { governanceServices } from '../governance/governanceServices';

/** A tool call refused before any tool ran. */
const refusedToolCallSchema = z.object({
  investigationId: z.string().min(1),
  hypothesisId: z.string().min(1),
  toolCallId: z.string().min(1),
  /** The tool name as the model wrote it (it may name no tool at all). */
  tool: z.string(),
  /**
   * `unknown_tool`, `invalid_input`, `tool_not_allowed`, `tool_not_configured`, or
   * `refused_by_agent_loop` (an exact repeat, over the tool-call budget, beside a verdict).
   */
  code: z.string().min(1),
  reason: z.string(),
  input: z.unknown().optional(),
});

/** Input of the `auditRefusedCalls` activity: the calls the agent loop refused in one turn. */
const auditRefusalsInputSchema = z.object({ schemaVersion: z.literal(1), calls: z.array(refusedToolCallSchema).min(1) });

type RefusedToolCall = z.infer<typeof refusedToolCallSchema>;
type AuditRefusalsInput = z.infer<typeof auditRefusalsInputSchema>;

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

/** Audits every call of `input` (the agent loop's refusals, sent by the orchestrator). */
async function auditRefusedToolCalls(input: AuditRefusalsInput, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  for (const call of input.calls) await auditRefusedToolCall(call, env);
}

export { auditRefusedToolCall, auditRefusedToolCalls, auditRefusalsInputSchema, refusedToolCallSchema };
export type { RefusedToolCall, AuditRefusalsInput };
