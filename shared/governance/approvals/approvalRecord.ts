import { createHash } from 'node:crypto';
import { z } from 'zod';
import { recordIdSchema } from '../../ids';

/** Lifecycle of an approval: pending until a human decides or the durable timer fires. */
const approvalStatusSchema = z.enum(['pending', 'approved', 'rejected', 'expired']);

/** One approval request, as stored in the `Approvals` table and shown on the approval page. */
const approvalRecordSchema = z.object({
  schemaVersion: z.literal(1),
  id: z.string().regex(/^apr-[0-9a-f]{32}$/),
  investigationId: recordIdSchema,
  /** The sub-orchestration waiting for the decision: the event is raised on this instance. */
  instanceId: recordIdSchema,
  toolCallId: z.string().min(1),
  hypothesisId: z.string().optional(),
  toolName: z.string().min(1),
  /** Canonical invocation, e.g. `azure_cli(az webapp restart -n app1 -g rg1)` (redacted). */
  invocation: z.string(),
  /** Why approval is needed (the policy or hook reason). */
  requestReason: z.string(),
  status: approvalStatusSchema,
  requestedAt: z.iso.datetime(),
  /** When the durable timer will deny it. */
  expiresAt: z.iso.datetime(),
  decidedAt: z.iso.datetime().optional(),
  /** `entra:<name>` or `function-key`; `system` for a timeout. */
  decidedBy: z.string().optional(),
  decisionReason: z.string().optional(),
});

/**
 * The body of `POST /api/approvals/{id}` (JSON or an HTML form). `investigationId`, which the
 * approval page's forms carry, must be the approval's own investigation when it is given, so a
 * decision meant for one investigation never lands on another's approval.
 */
const approvalDecisionBodySchema = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  reason: z.string().trim().min(1, 'give a reason').max(2000),
  investigationId: recordIdSchema.optional(),
});

/** The external event payload the waiting orchestration receives. */
const approvalEventSchema = z.object({
  schemaVersion: z.literal(1),
  approvalId: z.string(),
  decision: z.enum(['approved', 'rejected']),
  decidedBy: z.string(),
  reason: z.string(),
  decidedAt: z.iso.datetime(),
});

type ApprovalStatus = z.infer<typeof approvalStatusSchema>;
type ApprovalRecord = z.infer<typeof approvalRecordSchema>;
type ApprovalDecisionBody = z.infer<typeof approvalDecisionBodySchema>;
type ApprovalEvent = z.infer<typeof approvalEventSchema>;

/**
 * The approval id of one tool call in one sub-orchestration. Deterministic, so the activity that
 * records it can run twice and the orchestrator can compute it without I/O.
 */
function approvalIdFor(instanceId: string, toolCallId: string): string {
  return `apr-${createHash('sha256').update(`${instanceId}\u0000${toolCallId}`).digest('hex').slice(0, 32)}`;
}

/** The external event name the orchestrator waits on: `approval:<approvalId>`. */
function approvalEventName(approvalId: string): string {
  return `approval:${approvalId}`;
}

export { approvalStatusSchema, approvalRecordSchema, approvalDecisionBodySchema, approvalEventSchema, approvalIdFor, approvalEventName };
export type { ApprovalStatus, ApprovalRecord, ApprovalDecisionBody, ApprovalEvent };
