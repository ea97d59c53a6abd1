import type { ToolResult } from '../../tools/tool';
import type { ApprovalEvent, ApprovalRecord } from './approvalRecord';

/** How an `ask` ended for the orchestrator: the event it received, or the timer. */
type ApprovalOutcome = { type: 'approved'; event: ApprovalEvent } | { type: 'rejected'; event: ApprovalEvent } | { type: 'timed_out'; timeoutMs: number };

/**
 * The tool result the model reads when its call was not approved: an `error` it can work
 * around (another read-only tool, a narrower call, or a recommendation in the report).
 */
function unapprovedToolResult(record: Pick<ApprovalRecord, 'toolName' | 'invocation'>, outcome: Exclude<ApprovalOutcome, { type: 'approved' }>): ToolResult {
  const message =
    outcome.type === 'rejected'
      ? `A human rejected this call (${outcome.event.decidedBy}: ${outcome.event.reason}). Do not retry it; continue with other evidence or recommend the action in your verdict instead.`
      : `No human approved this call within ${Math.round(outcome.timeoutMs / 60000)} minutes, so it was denied. Do not retry it; continue with other evidence or recommend the action in your verdict instead.`;
  return {
    schemaVersion: 1,
    tool: record.toolName,
    status: 'error',
    invocation: record.invocation,
    error: { code: outcome.type === 'rejected' ? 'approval_rejected' : 'approval_timed_out', message },
    summary: outcome.type === 'rejected' ? 'approval rejected' : 'approval timed out',
    durationMs: 0,
  };
}

export { unapprovedToolResult };
export type { ApprovalOutcome };
