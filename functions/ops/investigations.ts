import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { randomUUID } from 'node:crypto';
import * as df from 'durable-functions';
import { z } from 'zod';
import { InvestigationInputSchema, OrchestratorNames } from '../../shared/durable';
import { fieldProblemsFromZod, NotFoundError, ValidationError } from '../../shared/errors';
import { IncidentSchema } from '../../shared/incident';
import { problemResponse } from '../../shared/http/problemResponse';
import { getInvestigation, investigationFilterSchema, investigationSettings, listInvestigations, readReport } from '../../shared/investigation';
import { opsAuthLevel, withOpsAuth } from '../../shared/http/opsAuth';

const startBodySchema = z.object({ incident: IncidentSchema, planId: z.string().optional(), dryRun: z.boolean().default(false) });

function invalid(message: string, issues: z.core.$ZodIssue[]): HttpResponseInit {
  return problemResponse(new ValidationError(message, fieldProblemsFromZod(issues)).toProblem());
}

/** `GET /api/investigations?status=&source=&from=&to=` */
async function listHandler(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const filter = investigationFilterSchema.safeParse(Object.fromEntries(request.query.entries()));
  if (!filter.success) return invalid('invalid query parameters', filter.error.issues);
  return { jsonBody: await listInvestigations(df.getClient(context), filter.data) };
}

/** `GET /api/investigations/{id}`: phase, hypotheses, report links. */
async function getHandler(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const found = await getInvestigation(df.getClient(context), request.params.id!);
  return found ? { jsonBody: found } : problemResponse(new NotFoundError(`no investigation ${request.params.id}`).toProblem());
}

/** `GET /api/investigations/{id}/report.md` and `/report.json`. */
async function reportHandler(request: HttpRequest): Promise<HttpResponseInit> {
  const file = request.params.file;
  if (file !== 'report.md' && file !== 'report.json') return problemResponse(new NotFoundError(`no such file ${file}; use report.md or report.json`).toProblem());
  const format = file === 'report.md' ? 'md' : 'json';
  const body = await readReport(request.params.id!, format, investigationSettings.load().REPORTS_CONTAINER);
  if (body === undefined) return problemResponse(new NotFoundError(`investigation ${request.params.id} has no report yet`).toProblem());
  return { body, headers: { 'content-type': format === 'md' ? 'text/markdown; charset=utf-8' : 'application/json' } };
}

/** `POST /api/investigations` with `{incident, planId?, dryRun?}`: start one by hand. */
async function startHandler(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    return problemResponse(new ValidationError('the body is not valid JSON', [{ path: '', message: 'invalid JSON' }]).toProblem());
  }
  const body = startBodySchema.safeParse(raw);
  if (!body.success) return invalid('the body is not a valid investigation request', body.error.issues);
  const id = `manual-${randomUUID()}`;
  const input = InvestigationInputSchema.parse({ schemaVersion: 1, incident: body.data.incident, trigger: 'manual', dryRun: body.data.dryRun, ...(body.data.planId ? { planId: body.data.planId } : {}) });
  await df.getClient(context).startNew(OrchestratorNames.investigateIncident, { instanceId: id, input });
  return { status: 202, headers: { location: `/api/investigations/${id}` }, jsonBody: { id, links: { self: `/api/investigations/${id}`, reportMarkdown: `/api/investigations/${id}/report.md` } } };
}

/** `POST /api/investigations/{id}/terminate?reason=` */
async function terminateHandler(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const client = df.getClient(context);
  const found = await getInvestigation(client, request.params.id!);
  if (!found) return problemResponse(new NotFoundError(`no investigation ${request.params.id}`).toProblem());
  await client.terminate(request.params.id!, request.query.get('reason') ?? 'terminated by an operator');
  return { status: 202 };
}

const client = [df.input.durableClient()];
app.http('listInvestigations', { methods: ['GET'], authLevel: opsAuthLevel(), route: 'investigations', extraInputs: client, handler: withOpsAuth(listHandler) });
app.http('startInvestigation', { methods: ['POST'], authLevel: opsAuthLevel(), route: 'investigations', extraInputs: client, handler: withOpsAuth(startHandler) });
app.http('getInvestigation', { methods: ['GET'], authLevel: opsAuthLevel(), route: 'investigations/{id}', extraInputs: client, handler: withOpsAuth(getHandler) });
app.http('getInvestigationReport', { methods: ['GET'], authLevel: opsAuthLevel(), route: 'investigations/{id}/{file}', handler: withOpsAuth(reportHandler) });
app.http('terminateInvestigation', { methods: ['POST'], authLevel: opsAuthLevel(), route: 'investigations/{id}/terminate', extraInputs: client, handler: withOpsAuth(terminateHandler) });

export { listHandler, getHandler, reportHandler, startHandler, terminateHandler };
