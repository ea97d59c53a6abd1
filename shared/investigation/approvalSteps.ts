import { z } from 'zod';
import { createDeliveryLedger, runWriteBack, type DeliveryLedger } from '../destinations';
import { governanceServices } from '../governance/governanceServices';
import { ApprovalConflictError } from '../governance/approvals/approvalStore';
import { IncidentSchema } from '../incident';
import { deliveryPlanSchema, destinationRegistry } from './deliveryPlan';

/** Input of `requestApproval`. */
const requestApprovalInputSchema = z.object({
  schemaVersion: z.literal(1),
  approvalId: z.string(),
  investigationId: z.string(),
  instanceId: z.string(),
  toolCallId: z.string(),
  hypothesisId: z.string(),
  toolName: z.string(),
  invocation: z.string(),
  reason: z.string(),
  requestedAt: z.string(),
  expiresAt: z.string(),
  incident: IncidentSchema,
  delivery: deliveryPlanSchema,
  mode: z.enum(['review', 'autonomous']),
});

const expireApprovalInputSchema = z.object({ schemaVersion: z.literal(1), approvalId: z.string() });

type RequestApprovalInput = z.infer<typeof requestApprovalInputSchema>;

/** Destinations that can announce an approval (a card with a button to the approval page, an event). */
const ANNOUNCERS = ['teams', 'event-grid'] as const;

let ledger: DeliveryLedger | undefined;

/**
 * Records a pending approval (idempotent on retry), audits it and announces it where the plan
 * delivers (Teams card with a button to the approval page, Event Grid event). Returns the
 * approval page URL.
 */
async function requestApproval(input: RequestApprovalInput, env: NodeJS.ProcessEnv = process.env): Promise<{ approvalUrl: string }> {
  const services = governanceServices(env);
  const record = await services.approvals.request({
    investigationId: input.investigationId,
    instanceId: input.instanceId,
    toolCallId: input.toolCallId,
    hypothesisId: input.hypothesisId,
    toolName: input.toolName,
    invocation: input.invocation,
    requestReason: input.reason,
    requestedAt: input.requestedAt,
    expiresAt: input.expiresAt,
  });
  const approvalUrl = `${input.delivery.baseUrl}/api/approvals/${encodeURIComponent(record.id)}`;
  await services.auditLog.append({
    at: new Date().toISOString(),
    investigationId: input.investigationId,
    kind: 'approval',
    actor: { type: 'system', id: 'governance' },
    hypothesisId: input.hypothesisId,
    toolCallId: input.toolCallId,
    invocation: input.invocation,
    summary: `approval ${record.id} requested until ${input.expiresAt}: ${input.reason}`,
    details: { status: record.status, approvalUrl },
  });
  const announcers = input.delivery.destinations.filter((d): d is (typeof ANNOUNCERS)[number] => (ANNOUNCERS as readonly string[]).includes(d));
  ledger ??= announcers.length > 0 ? createDeliveryLedger(env) : undefined;
  for (const destination of announcers) {
    await runWriteBack(
      services.redactor.redactDeep({
        schemaVersion: 1,
        destination,
        step: `approval:${record.id}`,
        message: {
          schemaVersion: 1,
          kind: 'approval-requested',
          investigationId: input.investigationId,
          incident: input.incident,
          links: { report: `${input.delivery.baseUrl}/api/investigations/${encodeURIComponent(input.investigationId)}`, approvals: approvalUrl },
          mode: input.mode,
          planActions: input.delivery.planActions,
          approval: { id: record.id, invocation: input.invocation, reason: input.reason },
          occurredAt: input.requestedAt,
        },
      }),
      destinationRegistry(),
      ledger!,
    );
  }
  return { approvalUrl };
}

/** Marks an approval expired when its timer won; a human decision that raced it stands. */
async function expireApproval(approvalId: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const services = governanceServices(env);
  try {
    const { record } = await services.approvals.decide(approvalId, { status: 'expired', decidedBy: 'system', reason: 'no decision before the approval timeout', decidedAt: new Date().toISOString() });
    await services.auditLog.append({
      at: new Date().toISOString(),
      investigationId: record.investigationId,
      kind: 'approval',
      actor: { type: 'system', id: 'timer' },
      toolCallId: record.toolCallId,
      invocation: record.invocation,
      summary: `approval ${approvalId} expired: the call was not run`,
      details: { status: 'expired' },
    });
  } catch (error) {
    if (!(error instanceof ApprovalConflictError)) throw error;
  }
}

export { requestApprovalInputSchema, expireApprovalInputSchema, requestApproval, expireApproval };
export type { RequestApprovalInput };
