import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { z } from 'zod';
import { NotFoundError } from '../errors';
import { parseQuery } from '../http/queryParameters';
import { recordIdSchema, requireRecordId } from '../ids';
import { IncidentSourceSchema, IncidentStatusSchema } from '../incident';
import { getIncidentRecord, listIncidentRecords, type IncidentRecord } from './incidentIndex';
import { ingestionSettings } from './ingestionSettings';
import { ingestionStore, type IngestionStore } from './ingestionStore';
import { investigationClientFrom } from './investigationClient';
import { readGroup } from './investigationGroups';
import { errorResponse } from './problemResponse';

const listQuery = {
  source: IncidentSourceSchema.optional(),
  status: IncidentStatusSchema.optional(),
  investigationId: recordIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
};

/** `GET /api/incidents?source=&status=&investigationId=&limit=`: received alerts, newest first. */
async function listIncidents(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  try {
    const query = parseQuery(request, listQuery);
    const store = ingestionStore(ingestionSettings.load());
    const items = await listIncidentRecords(store, query);
    return { status: 200, jsonBody: { items, count: items.length }, headers: { 'cache-control': 'no-store' } };
  } catch (error) {
    return errorResponse(error, context, { audit: 'incidents-list' });
  }
}

/** The record the route's `{id}` names; `ValidationError` (400) when it is not an id, `NotFoundError` (404) when there is none. */
async function requestedRecord(request: HttpRequest): Promise<{ store: IngestionStore; record: IncidentRecord }> {
  const id = requireRecordId('id', request.params.id);
  parseQuery(request, {});
  const store = ingestionStore(ingestionSettings.load());
  const record = await getIncidentRecord(store, id);
  if (!record) throw new NotFoundError(`no incident record with id ${id}`);
  return { store, record };
}

/**
 * `GET /api/incidents/{id}`: one received alert, its keys, and the investigation it started or
 * joined (group state, start attempts and the last start error, and the orchestration's runtime status).
 */
async function getIncident(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  try {
    const { store, record } = await requestedRecord(request);
    const group = await readGroup(store, record.investigationKey);
    const runtimeStatus = record.investigationId ? await investigationClientFrom(() => df.getClient(context)).status(record.investigationId) : undefined;
    return {
      status: 200,
      headers: { 'cache-control': 'no-store' },
      jsonBody: {
        ...record,
        investigation: record.investigationId
          ? {
              id: record.investigationId,
              runtimeStatus: runtimeStatus ?? null,
              group: group
                ? {
                    currentInstanceId: group.row.instanceId,
                    generation: group.row.generation,
                    state: group.row.state,
                    windowStartedAt: group.row.windowStartedAt,
                    windowMinutes: group.row.windowMinutes ?? null,
                    resolvedAt: group.row.resolvedAt ?? null,
                    startAttempts: group.row.attempts,
                    nextAttemptAt: group.row.nextAttemptAt ?? null,
                    lastError: group.row.lastError ?? null,
                    deadLetteredAt: group.row.deadLetteredAt ?? null,
                  }
                : null,
            }
          : null,
      },
    };
  } catch (error) {
    return errorResponse(error, context, { audit: 'incidents-get' });
  }
}

/**
 * `GET /api/incidents/{id}/raw`: the body the alert arrived in, with the content type it was sent
 * with: byte for byte for HTTP deliveries (the alerts of one CloudEvents batch share it), and the
 * event as JSON for the Event Grid trigger, which receives events already parsed. For checking
 * what a source really sent when a mapping looks wrong. Served as an attachment in a sandbox:
 * it is the sender's content, unredacted.
 */
async function getIncidentRaw(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  try {
    const { store, record } = await requestedRecord(request);
    const archived = record.rawPayloadRef ? await store.archive.read(record.rawPayloadRef) : undefined;
    if (!archived) throw new NotFoundError(`incident ${record.id} has no archived body${record.rawPayloadRef ? ` (${record.rawPayloadRef} is not in the archive)` : ''}`);
    return {
      status: 200,
      body: archived.body,
      headers: {
        'content-type': archived.contentType ?? 'application/octet-stream',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'content-security-policy': 'sandbox',
        'content-disposition': 'attachment',
        'x-raw-payload-ref': archived.ref,
        'x-received-at': archived.receivedAt,
      },
    };
  } catch (error) {
    return errorResponse(error, context, { audit: 'incidents-raw' });
  }
}

export { listIncidents, getIncident, getIncidentRaw };
