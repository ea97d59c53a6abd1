import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { randomUUID } from 'node:crypto';
import * as df from 'durable-functions';
import { z } from 'zod';
import { InvestigationInputSchema, instanceClient, OrchestratorNames } from '../durable';
import { fieldProblemsFromZod, NotFoundError, ValidationError } from '../errors';
import { requireRecordId } from '../ids';
import { IncidentSchema } from '../incident';
import { parseQuery } from '../http/queryParameters';
import { readJsonBody } from '../http/requestBody';
import { withOpsFailures } from '../http/opsFailure';
import { getInvestigation, investigationFilterSchema, listInvestigations } from './investigationQueries';
import { investigationSettings } from './investigationSettings';
import { getPlansWith } from './planRegistry';
import { readReport } from './reportStore';

const startBodySchema = z.strictObject({ incident: IncidentSchema, planId: z.string().min(1).max(200).optional(), dryRun: z.boolean().default(false) });

/** A start request is an incident and two options; 256 KiB is far more than any alert needs. */
const START_BODY_LIMIT_BYTES = 256 * 1024;

const terminateQuery = { reason: z.string().max(500).optional() };

/** The route's `{id}`, checked (400 naming `id` otherwise). */
function routeId(request: HttpRequest): string {
  return requireRecordId('id', request.params.id);
}

/** `GET /api/investigations?status=&source=&from=&to=` */
async function listHandler(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const filter = parseQuery(request, investigationFilterSchema.shape);
  return { jsonBody: await listInvestigations(instanceClient(df.getClient(context)), filter), headers: { 'cache-control': 'no-store' } };
}

/** `GET /api/investigations/{id}`: phase, hypotheses, report links. */
async function getHandler(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const id = routeId(request);
  parseQuery(request, {});
  const found = await getInvestigation(instanceClient(df.getClient(context)), id);
  if (!found) throw new NotFoundError(`no investigation ${id}`);
  return { jsonBody: found, headers: { 'cache-control': 'no-store' } };
}

/** `GET /api/investigations/{id}/report.md` and `/report.json`. */
async function reportHandler(request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> {
  const id = routeId(request);
  parseQuery(request, {});
  const file = request.params.file;
  if (file !== 'report.md' && file !== 'report.json') throw new NotFoundError(`no such file ${JSON.stringify(String(file).slice(0, 100))}; use report.md or report.json`);
  const format = file === 'report.md' ? 'md' : 'json';
  const body = await readReport(id, format, investigationSettings.load().REPORTS_CONTAINER);
  if (body === undefined) throw new NotFoundError(`investigation ${id} has no report yet`);
  return { body, headers: { 'content-type': format === 'md' ? 'text/markdown; charset=utf-8' : 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } };
}

/** A plan id the start request names must be one of the loaded plans (bundled or from the plans container). */
async function checkPlanId(planId: string | undefined): Promise<void> {
  if (planId === undefined) return;
  // A plan uploaded to PLANS_CONTAINER since the last read counts: an unknown id reads the plans again.
  const { plans } = await getPlansWith(planId, investigationSettings.load());
  if (!plans.some((plan) => plan.id === planId)) throw new ValidationError(`no plan has the id ${JSON.stringify(planId.slice(0, 100))}`, [{ path: 'planId', message: `unknown plan; known: ${plans.map((p) => p.id).join(', ')}` }]);
}

/** `POST /api/investigations` with `{incident, planId?, dryRun?}`: start one by hand. */
async function startHandler(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  parseQuery(request, {});
  const body = startBodySchema.safeParse(await readJsonBody(request, START_BODY_LIMIT_BYTES));
  if (!body.success) throw new ValidationError('the body is not a valid investigation request', fieldProblemsFromZod(body.error.issues));
  await checkPlanId(body.data.planId);
  const id = `manual-${randomUUID()}`;
  const input = InvestigationInputSchema.parse({ schemaVersion: 1, incident: body.data.incident, trigger: 'manual', dryRun: body.data.dryRun, ...(body.data.planId ? { planId: body.data.planId } : {}) });
  await instanceClient(df.getClient(context)).startNew(OrchestratorNames.investigateIncident, { instanceId: id, input });
  return { status: 202, headers: { location: `/api/investigations/${id}` }, jsonBody: { id, links: { self: `/api/investigations/${id}`, reportMarkdown: `/api/investigations/${id}/report.md` } } };
}

/** `POST /api/investigations/{id}/terminate?reason=` */
async function terminateHandler(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const id = routeId(request);
  const { reason } = parseQuery(request, terminateQuery);
  const client = instanceClient(df.getClient(context));
  if (!(await getInvestigation(client, id))) throw new NotFoundError(`no investigation ${id}`);
  await client.terminate(id, reason ?? 'terminated by an operator');
  return { status: 202 };
}

const investigationsHttp = {
  list: withOpsFailures('listing investigations', listHandler),
  get: withOpsFailures('reading the investigation', getHandler),
  report: withOpsFailures('reading the report', reportHandler),
  start: withOpsFailures('starting the investigation', startHandler),
  terminate: withOpsFailures('terminating the investigation', terminateHandler),
};

export { investigationsHttp };
