import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { z } from 'zod';
import { ConfigError, IngressError, NotFoundError, ValidationError, fieldProblemsFromZod, isRetryable } from '../../errors';
import { problem } from '../../http/problemResponse';
import { dashboardSettings } from '../../dashboard/dashboardSettings';
import { governanceServices } from '../governanceServices';
import { governanceSettings } from '../governanceSettings';
import { approvalDecisionBodySchema, approvalEventName, approvalStatusSchema, type ApprovalEvent } from './approvalRecord';
import { renderApprovalPage, renderDecisionPage } from './approvalPage';
import { ApprovalConflictError } from './approvalStore';
import { approverFrom } from './approverIdentity';


function html(status: number, body: string): HttpResponseInit {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'", 'x-content-type-options': 'nosniff' },
    body,
  };
}

function failure(error: unknown, context: InvocationContext, asHtml: boolean): HttpResponseInit {
  let status = 503;
  let code = 'temporarily-unavailable';
  let detail = 'storage or the orchestration service is unavailable; try again';
  let extra: Record<string, unknown> = {};
  if (error instanceof IngressError) {
    status = error.status;
    code = error.code;
    detail = error.message;
    if (error.errors.length > 0) extra = { errors: error.errors };
  } else if (error instanceof ApprovalConflictError) {
    status = 409;
    code = 'approval-already-decided';
    detail = error.message;
  } else if (error instanceof ConfigError) {
    code = 'not-configured';
    detail = `approvals are not configured (${error.setting})`;
  } else if (!isRetryable(error)) {
    status = 500;
    code = 'internal-error';
    detail = 'the approval could not be processed';
  }
  if (status >= 500) context.error('approval request failed', { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  return asHtml ? html(status, renderDecisionPage('Not done', detail)) : problem(status, code, detail, extra);
}

/** GET /api/approvals/{id}: the approval page (HTML, everything escaped). */
async function getApprovalPage(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  try {
    const id = request.params.id ?? '';
    const record = await governanceServices().approvals.get(id);
    if (!record) throw new NotFoundError(`there is no approval ${id}`);
    const url = new URL(request.url);
    return html(200, renderApprovalPage(record, `${url.pathname}${url.search}`));
  } catch (error) {
    return failure(error, context, true);
  }
}

/** Either one investigation's approvals or all in one status (the dashboard's pending list). */
const listQuerySchema = z
  .object({ investigation: z.string().min(1).optional(), status: approvalStatusSchema.optional() })
  .refine((q) => (q.investigation === undefined) !== (q.status === undefined), { message: 'give exactly one of investigation=<id> or status=pending|approved|rejected|expired', path: ['investigation'] });

/** GET /api/approvals?investigation=<id> or ?status=pending: approvals as JSON, oldest first. */
async function listApprovals(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  try {
    const query = listQuerySchema.safeParse({ investigation: request.query.get('investigation') ?? undefined, status: request.query.get('status') ?? undefined });
    if (!query.success) throw new ValidationError('invalid query parameters', fieldProblemsFromZod(query.error.issues));
    const { approvals: store } = governanceServices();
    const { investigation, status } = query.data;
    if (investigation !== undefined) {
      return { status: 200, headers: { 'cache-control': 'no-store' }, jsonBody: { investigationId: investigation, approvals: await store.listByInvestigation(investigation) } };
    }
    return { status: 200, headers: { 'cache-control': 'no-store' }, jsonBody: { status, approvals: await store.listByStatus(status!) } };
  } catch (error) {
    return failure(error, context, false);
  }
}

async function readDecisionBody(request: HttpRequest): Promise<{ body: unknown; form: boolean }> {
  const type = request.headers.get('content-type') ?? '';
  const text = await request.text();
  if (/application\/x-www-form-urlencoded/i.test(type)) return { body: Object.fromEntries(new URLSearchParams(text)), form: true };
  try {
    return { body: JSON.parse(text), form: false };
  } catch {
    throw new ValidationError('the body is not JSON: send {"decision": "approve"|"reject", "reason": "..."}', [{ path: '', message: 'invalid JSON' }]);
  }
}

/**
 * POST /api/approvals/{id} `{decision, reason}`: records the decision (once: a second one gets
 * 409) with the approver from Entra sign-in or `function-key`, then raises
 * `approval:<id>` on the waiting sub-orchestration. If raising fails the decision is undone, so
 * the approver can retry.
 */
async function decideApproval(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  let form = false;
  try {
    const read = await readDecisionBody(request);
    form = read.form;
    const parsed = approvalDecisionBodySchema.safeParse(read.body);
    if (!parsed.success) throw new ValidationError('invalid approval decision', fieldProblemsFromZod(parsed.error.issues));
    const id = request.params.id ?? '';
    const services = governanceServices();
    if (!(await services.approvals.get(id))) throw new NotFoundError(`there is no approval ${id}`);
    const decidedBy = approverFrom(request.headers, governanceSettings.load().GOVERNANCE_TRUST_PLATFORM_IDENTITY || dashboardSettings.load().OPS_AUTH === 'entra');
    const decidedAt = new Date().toISOString();
    const status = parsed.data.decision === 'approve' ? 'approved' : 'rejected';
    const { record, revert } = await services.approvals.decide(id, { status, decidedBy, reason: parsed.data.reason, decidedAt });
    const event: ApprovalEvent = { schemaVersion: 1, approvalId: id, decision: status, decidedBy, reason: parsed.data.reason, decidedAt };
    try {
      await df.getClient(context).raiseEvent(record.instanceId, approvalEventName(id), event);
    } catch (error) {
      await revert();
      if (error instanceof Error && /No instance with ID|404/.test(error.message)) {
        throw new ApprovalConflictError(id, 'expired', { cause: error });
      }
      throw error;
    }
    await services.auditLog.append({
      at: decidedAt,
      investigationId: record.investigationId,
      kind: 'approval',
      actor: { type: 'human', id: decidedBy },
      ...(record.hypothesisId ? { hypothesisId: record.hypothesisId } : {}),
      toolCallId: record.toolCallId,
      invocation: record.invocation,
      summary: `${status} by ${decidedBy}`,
      details: { approvalId: id, status, reason: parsed.data.reason },
    });
    return form
      ? html(200, renderDecisionPage(status === 'approved' ? 'Approved' : 'Rejected', `Recorded as ${decidedBy}. The investigation continues.`))
      : { status: 200, headers: { 'cache-control': 'no-store' }, jsonBody: record };
  } catch (error) {
    return failure(error, context, form);
  }
}

export { getApprovalPage, listApprovals, decideApproval };
