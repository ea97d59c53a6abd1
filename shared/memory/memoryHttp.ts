import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { fieldProblemsFromZod, NotFoundError, ValidationError } from '../errors';
import { approverFrom } from '../governance/approvals/approverIdentity';
import { governanceServices } from '../governance/governanceServices';
import { governanceSettings } from '../governance/governanceSettings';
import { readJsonBody } from '../http/requestBody';
import { addFactBodySchema, FACT_MAX_CHARS, type MemoryFact } from './memoryFact';
import { requireRecordId } from '../ids';
import { withOpsFailures } from '../http/opsFailure';
import { parseQuery } from '../http/queryParameters';
import { memorySettings } from './memorySettings';
import { memoryStore, type MemoryStore } from './memoryStore';

const NO_STORE = { 'cache-control': 'no-store' };
const listQuery = { service: z.string().min(1).max(200).optional(), limit: z.coerce.number().int().min(1).max(500).default(50) };

const store = (): MemoryStore => memoryStore(memorySettings.load());

/** Appends a `memory` record to the memory's own audit stream (`memory-<id>`): who added or forgot what. */
async function auditMemory(request: HttpRequest, id: string, summary: string, details: Record<string, unknown>): Promise<void> {
  await governanceServices().auditLog.append({
    at: new Date().toISOString(),
    investigationId: `memory-${id}`,
    kind: 'memory',
    actor: { type: 'human', id: approverFrom(request.headers, governanceSettings.load().GOVERNANCE_TRUST_PLATFORM_IDENTITY) },
    summary,
    details: { memoryId: id, ...details },
  });
}

/** `GET /api/memory?service=&limit=`: the newest records, of one service (with its facts and learning) when given. */
async function listHandler(request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> {
  const { service, limit } = parseQuery(request, listQuery);
  const memory = store();
  const [memories, facts, learnings] = await Promise.all([memory.recent(limit, service), service === undefined ? [] : memory.facts(service, limit), service === undefined ? [] : memory.learnings(1, service)]);
  return { jsonBody: { memories, ...(service === undefined ? {} : { facts, learning: learnings[0] ?? null }) }, headers: NO_STORE };
}

/** A fact body is a service name and a sentence or two. */
const FACT_BODY_LIMIT_BYTES = 8 * 1024;

/**
 * `POST /api/memory/facts` with `{service, text}`: remembers a fact about a service, redacted,
 * with who added it (the approver identity) and when. 201 with the fact.
 */
async function addFactHandler(request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> {
  parseQuery(request, {});
  const body = addFactBodySchema.safeParse(await readJsonBody(request, FACT_BODY_LIMIT_BYTES));
  if (!body.success) throw new ValidationError('the body is not a valid fact', fieldProblemsFromZod(body.error.issues));
  const { redactor } = governanceServices();
  const fact: MemoryFact = {
    schemaVersion: 1,
    id: `fact-${randomUUID()}`,
    kind: 'fact',
    service: body.data.service,
    // Redaction can lengthen a short secret: the stored text keeps the bound.
    text: redactor.redactText(body.data.text).slice(0, FACT_MAX_CHARS),
    addedBy: approverFrom(request.headers, governanceSettings.load().GOVERNANCE_TRUST_PLATFORM_IDENTITY),
    addedAt: new Date().toISOString(),
  };
  await store().addFact(fact);
  await auditMemory(request, fact.id, `fact ${fact.id} about service ${fact.service} remembered`, { service: fact.service });
  return { status: 201, headers: { location: `/api/memory/${fact.id}`, ...NO_STORE }, jsonBody: fact };
}

/** `GET /api/memory/learnings?service=&limit=`: the learnings (one per service), most recently updated first. */
async function listLearningsHandler(request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> {
  const { service, limit } = parseQuery(request, listQuery);
  return { jsonBody: { learnings: await store().learnings(limit, service) }, headers: NO_STORE };
}

/** `GET /api/memory/{id}`: one record, fact or learning. */
async function getHandler(request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> {
  const id = requireRecordId('id', request.params.id);
  parseQuery(request, {});
  const record = await store().get(id);
  if (!record) throw new NotFoundError(`no memory ${id}`);
  return { jsonBody: record, headers: NO_STORE };
}

/** `DELETE /api/memory/{id}`: forgets a record, fact or learning; later investigations no longer recall it. */
async function forgetHandler(request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> {
  const id = requireRecordId('id', request.params.id);
  parseQuery(request, {});
  const forgotten = await store().forget(id);
  if (!forgotten) throw new NotFoundError(`no memory ${id}`);
  await auditMemory(request, id, `${forgotten.kind === 'incident' ? 'incident memory' : forgotten.kind} ${id}${forgotten.service ? ` of service ${forgotten.service}` : ''} forgotten`, { kind: forgotten.kind, service: forgotten.service });
  return { status: 204, headers: NO_STORE };
}

const memoryHttp = {
  list: withOpsFailures('listing incident memory', listHandler),
  get: withOpsFailures('reading the memory', getHandler),
  forget: withOpsFailures('forgetting the memory', forgetHandler),
  addFact: withOpsFailures('remembering the fact', addFactHandler),
  listLearnings: withOpsFailures('listing learnings', listLearningsHandler),
};

export { memoryHttp };
