import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { NotFoundError } from '../errors';
import { requireRecordId } from '../ids';
import { withOpsFailures } from '../http/opsFailure';
import { parseQuery } from '../http/queryParameters';
import { memorySettings } from './memorySettings';
import { memoryStore, type MemoryStore } from './memoryStore';

const NO_STORE = { 'cache-control': 'no-store' };
const listQuery = { service: z.string().min(1).max(200).optional(), limit: z.coerce.number().int().min(1).max(500).default(50) };

const store = (): MemoryStore => memoryStore(memorySettings.load());

/** `GET /api/memory?service=&limit=`: the newest records, of one service when given. */
async function listHandler(request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> {
  const { service, limit } = parseQuery(request, listQuery);
  return { jsonBody: { memories: await store().recent(limit, service) }, headers: NO_STORE };
}

/** `GET /api/memory/{id}`: one record. */
async function getHandler(request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> {
  const id = requireRecordId('id', request.params.id);
  parseQuery(request, {});
  const record = await store().get(id);
  if (!record) throw new NotFoundError(`no memory ${id}`);
  return { jsonBody: record, headers: NO_STORE };
}

/** `DELETE /api/memory/{id}`: forgets a record; later investigations no longer recall it. */
async function forgetHandler(request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> {
  const id = requireRecordId('id', request.params.id);
  parseQuery(request, {});
  if (!(await store().forget(id))) throw new NotFoundError(`no memory ${id}`);
  return { status: 204, headers: NO_STORE };
}

const memoryHttp = {
  list: withOpsFailures('listing incident memory', listHandler),
  get: withOpsFailures('reading the memory', getHandler),
  forget: withOpsFailures('forgetting the memory', forgetHandler),
};

export { memoryHttp };
