import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { NotFoundError, PROBLEM_TYPE_BASE, UnsupportedMediaTypeError, ValidationError, fieldProblemsFromZod, titleFor } from '../../errors';
import { opsProblem } from '../../http/opsFailure';
import { problemResponse } from '../../http/problemResponse';
import { parseQuery } from '../../http/queryParameters';
import { readBodyText } from '../../http/requestBody';
import { instanceClient } from '../../durable';
import { recordIdSchema, requireRecordId } from '../../ids';
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
  const { problem: answer, headers } =
    error instanceof ApprovalConflictError
      ? { problem: { type: `${PROBLEM_TYPE_BASE}approval-already-decided`, title: titleFor(409), status: 409, detail: error.message }, headers: {} }
      : opsProblem(error, context, 'the approval request');
  return asHtml ? html(answer.status, renderDecisionPage('Not done', answer.detail)) : problemResponse(answer, headers);
}

/** GET /api/approvals/{id}: the approval page (HTML, everything escaped); failures are HTML for a browser, problem+json otherwise. */
async function getApprovalPage(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  try {
    const id = requireRecordId('id', request.params.id);
    parseQuery(request, {});
    const record = await governanceServices().approvals.get(id);
    if (!record) throw new NotFoundError(`there is no approval ${id}`);
    const url = new URL(request.url);
    return html(200, renderApprovalPage(record, `${url.pathname}${url.search}`));
  } catch (error) {
    return failure(error, context, /text\/html/i.test(request.headers.get('accept') ?? ''));
  }
}

/** GET /api/approvals?investigation=<id> or ?status=pending: approvals as JSON, oldest first. */
async function listApprovals(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  try {
    const { investigation, status } = parseQuery(request, { investigation: recordIdSchema.optional(), status: approvalStatusSchema.optional() });
    if ((investigation === undefined) === (status === undefined)) {
      throw new ValidationError('give exactly one of investigation=<id> or status=pending|approved|rejected|expired', [{ path: 'investigation', message: 'give exactly one of investigation or status' }]);
    }
    const { approvals: store } = governanceServices();
    if (investigation !== undefined) {
      return { status: 200, headers: { 'cache-control': 'no-store' }, jsonBody: { investigationId: investigation, approvals: await store.listByInvestigation(investigation) } };
    }
    return { status: 200, headers: { 'cache-control': 'no-store' }, jsonBody: { status, approvals: await store.listByStatus(status!) } };
  } catch (error) {
    return failure(error, context, false);
  }
}

/** A decision and a reason of at most 2,000 characters, form-encoded or JSON. */
const DECISION_BODY_LIMIT_BYTES = 16 * 1024;

async function readDecisionBody(request: HttpRequest): Promise<{ body: unknown; form: boolean }> {
  const type = request.headers.get('content-type') ?? '';
  const form = /^application\/x-www-form-urlencoded\b/i.test(type);
  if (!form && !/^application\/json\b/i.test(type)) throw new UnsupportedMediaTypeError(type.slice(0, 100), 'application/json or application/x-www-form-urlencoded');
  const text = await readBodyText(request, DECISION_BODY_LIMIT_BYTES);
  if (form) return { body: Object.fromEntries(new URLSearchParams(text)), form: true };
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
    const id = requireRecordId('id', request.params.id);
    parseQuery(request, {});
    const parsed = approvalDecisionBodySchema.safeParse(read.body);
    if (!parsed.success) throw new ValidationError('invalid approval decision', fieldProblemsFromZod(parsed.error.issues));
    const services = governanceServices();
    const pending = await services.approvals.get(id);
    // Another investigation's approval answers as if it did not exist: the caller learns nothing about it.
    if (!pending || (parsed.data.investigationId !== undefined && parsed.data.investigationId !== pending.investigationId)) {
      throw new NotFoundError(`there is no approval ${id}${parsed.data.investigationId ? ` in investigation ${parsed.data.investigationId}` : ''}`);
    }
    const decidedBy = approverFrom(request.headers, governanceSettings.load().GOVERNANCE_TRUST_PLATFORM_IDENTITY || dashboardSettings.load().OPS_AUTH === 'entra');
    const decidedAt = new Date().toISOString();
    const status = parsed.data.decision === 'approve' ? 'approved' : 'rejected';
    const { record, revert } = await services.approvals.decide(id, { status, decidedBy, reason: parsed.data.reason, decidedAt });
    const event: ApprovalEvent = { schemaVersion: 1, approvalId: id, decision: status, decidedBy, reason: parsed.data.reason, decidedAt };
    try {
      await instanceClient(df.getClient(context)).raiseEvent(record.instanceId, approvalEventName(id), event);
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
