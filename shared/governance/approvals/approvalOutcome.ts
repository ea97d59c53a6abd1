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
      : `No human approved this call within ${describeDuration(outcome.timeoutMs)}, so it was denied. Do not retry it; continue with other evidence or recommend the action in your verdict instead.`;
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

/** "45 seconds", "5 minutes", "2 hours": the largest unit that keeps the number whole enough to read. */
function describeDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} minutes`;
  return `${Math.round(minutes / 60)} hours`;
}

export { unapprovedToolResult };
export type { ApprovalOutcome };
