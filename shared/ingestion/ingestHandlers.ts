import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { IngressError } from '../errors';
import type { IngestSource } from '../incident';
import { assertJsonDepth, createEventGridAdapter, createSourceAdapter, eventGridSettings, type EventGridAdapter, type IngestOutcome, type SourceAdapter } from '../sources';
import { ingestionHealth, type IngestionHealth } from './ingestionHealth';
import { ingestionSettings } from './ingestionSettings';
import { ingestionStore } from './ingestionStore';
import { investigationClientFrom } from './investigationClient';
import { ingestOutcomes, type IngestDeps, type OutcomeResult } from './ingestPipeline';
import { readIngestRequest, requireContentType } from './ingestRequest';
import { errorResponse } from './problemResponse';
import { startWaitingInvestigations } from './investigationStarter';
import { planGroupWindow } from './planGroupWindow';
import { SignalNudger } from './signalNudges';

const adapters = new Map<IngestSource, SourceAdapter>();

/** Adapters are built once per process (the Entra key set is cached in them); a config error is not cached. */
function adapterFor(source: IngestSource): SourceAdapter {
  let adapter = adapters.get(source);
  if (!adapter) {
    adapter = createSourceAdapter(source);
    adapters.set(source, adapter);
  }
  return adapter;
}

/**
 * Nudges outlive the invocation that asked for them, so a failed one is logged on the console
 * (the Functions host collects it) rather than on an invocation context that has completed.
 */
const nudger = new SignalNudger((instanceId, error) => {
  console.warn(JSON.stringify({ message: 'signal nudge failed; the investigation counts its ledger again on the next one and before it ends', instanceId, error: error instanceof Error ? error.message : String(error) }));
});

/** Pipeline dependencies for one invocation (the durable client is bound per invocation). */
function ingestDeps(context: InvocationContext): IngestDeps {
  const settings = ingestionSettings.load();
  return {
    store: ingestionStore(settings),
    client: investigationClientFrom(() => df.getClient(context)),
    nudger,
    groupWindowMinutes: settings.INGEST_GROUP_WINDOW_MINUTES,
    planGroupWindow: (incident) =>
      planGroupWindow(incident, (error) => {
        context.warn('ingest: plans could not be read, so this group uses INGEST_GROUP_WINDOW_MINUTES', { audit: 'ingest', invocationId: context.invocationId, error: error instanceof Error ? error.message : String(error) });
      }),
    groupCacheMs: settings.INGEST_GROUP_CACHE_SECONDS * 1000,
    nudgeIntervalMs: settings.INGEST_SIGNAL_NUDGE_SECONDS * 1000,
    maxConcurrent: settings.INGEST_MAX_CONCURRENT_INVESTIGATIONS,
    claimSeconds: settings.INGEST_QUEUE_CLAIM_SECONDS,
    startMaxAttempts: settings.INGEST_START_MAX_ATTEMPTS,
    startBackoffSeconds: settings.INGEST_START_BACKOFF_SECONDS,
    onStartFailure: (failure) => {
      const line = { audit: 'ingest', invocationId: context.invocationId, ...failure };
      if (failure.retryAt) context.warn('ingest start failed; retrying', line);
      else context.error('ingest start dead-lettered', line);
    },
  };
}

/** The 202 body of an accepted delivery. */
interface IngestAnswer {
  source: IngestSource;
  rawPayloadRef: string | null;
  results: OutcomeResult[];
}

/**
 * The one pipeline behind every ingest route: size limit (413), handshake, content type (415),
 * authentication (401/403), raw body archived before any 2xx, parse (400 with field paths), then
 * record / dedupe / start, join, queue or resolve; answered only once all of that is stored.
 * Failures of storage or the Durable client answer 503 so the source retries; nothing else but
 * the archived body (when authenticated) and an audit log line is written for a refused request.
 */
async function handleIngestHttp(source: IngestSource, request: HttpRequest, context: InvocationContext, contentTypes: readonly string[]): Promise<HttpResponseInit> {
  const receivedAt = new Date();
  const audit: Record<string, unknown> = { audit: 'ingest', source, method: request.method, invocationId: context.invocationId };
  try {
    const settings = ingestionSettings.load();
    const ingest = await readIngestRequest(request, settings.INGEST_MAX_BODY_BYTES);
    audit.bytes = ingest.rawBody.length;
    const adapter = adapterFor(source);
    const handshake = adapter.handshake?.(ingest);
    if (handshake) {
      context.log('ingest handshake answered', audit);
      return { status: handshake.status, headers: handshake.headers, ...(handshake.body ? { jsonBody: handshake.body } : {}) };
    }
    requireContentType(ingest, contentTypes);
    await adapter.authenticate(ingest);
    const deps = ingestDeps(context);
    // Only what a sender authenticated is kept; an unauthenticated validation request is not.
    const archive = adapter.skipsAuthentication?.(ingest) ? undefined : deps.store.archive.submit(source, Buffer.from(ingest.rawBody), ingest.headers['content-type'], receivedAt);
    const rawPayloadRef = archive?.ref ?? null;
    const archived = archive?.stored ?? Promise.resolve();
    audit.rawPayloadRef = rawPayloadRef;
    let outcomes: IngestOutcome[];
    try {
      outcomes = await adapter.parse(ingest, { rawPayloadRef });
    } catch (error) {
      // The body is kept for the audit even when it is refused, since the sender proved who it is.
      await archived;
      throw error;
    }
    const validation = outcomes.find((o) => o.kind === 'validation');
    if (validation?.kind === 'validation') {
      await archived;
      return { status: validation.response.status, headers: validation.response.headers, ...(validation.response.body ? { jsonBody: validation.response.body } : {}) };
    }
    // Archive and routing run together; the answer waits for both, so no 2xx precedes the archive.
    const [, results] = await Promise.all([archived, ingestOutcomes(deps, source, outcomes, receivedAt)]);
    context.log('ingest accepted', { ...audit, results: results.map((r) => `${r.kind}:${r.disposition ?? '-'}${r.duplicate ? ':duplicate' : ''}`) });
    const answer: IngestAnswer = { source, rawPayloadRef, results };
    return { status: 202, jsonBody: answer, headers: { 'cache-control': 'no-store' } };
  } catch (error) {
    return errorResponse(error, context, audit);
  }
}

let eventGridAdapter: EventGridAdapter | undefined;

/**
 * The Event Grid trigger's pipeline for one event: archive, parse, route. A malformed or
 * unsupported event is logged and dropped (a retry cannot fix it); storage or Durable failures
 * throw, so the host answers 5xx and Event Grid retries the delivery.
 */
async function handleEventGridEvent(event: unknown, context: InvocationContext): Promise<OutcomeResult[]> {
  const receivedAt = new Date();
  const deps = ingestDeps(context);
  eventGridAdapter ??= createEventGridAdapter(eventGridSettings.load());
  try {
    // Before anything serialises it: too deep an event would overflow the stack of JSON.stringify.
    assertJsonDepth(event);
  } catch (error) {
    if (!(error instanceof IngressError)) throw error;
    context.warn('ingest rejected', { audit: 'ingest', source: 'event-grid', trigger: 'eventGrid', invocationId: context.invocationId, status: error.status, code: error.code, detail: error.message, errors: error.errors });
    return [];
  }
  const { ref: rawPayloadRef, stored: archived } = deps.store.archive.submit('event-grid', Buffer.from(JSON.stringify(event)), 'application/json', receivedAt);
  const audit = { audit: 'ingest', source: 'event-grid', trigger: 'eventGrid', invocationId: context.invocationId, rawPayloadRef };
  let outcomes: IngestOutcome[];
  try {
    outcomes = await eventGridAdapter.parseEvent(event, { rawPayloadRef });
  } catch (error) {
    await archived;
    if (error instanceof IngressError) {
      context.warn('ingest rejected', { ...audit, status: error.status, code: error.code, detail: error.message, errors: error.errors });
      return [];
    }
    throw error;
  }
  try {
    const [, results] = await Promise.all([archived, ingestOutcomes(deps, 'event-grid', outcomes, receivedAt)]);
    context.log('ingest accepted', { ...audit, results: results.map((r) => `${r.kind}:${r.disposition ?? '-'}${r.duplicate ? ':duplicate' : ''}`) });
    return results;
  } catch (error) {
    if (error instanceof IngressError) {
      context.warn('ingest rejected', { ...audit, status: error.status, code: error.code, detail: error.message });
      return [];
    }
    throw error;
  }
}

/** Starts queued investigations as capacity allows (the timer's job); returns the ids started. */
async function startQueuedInvestigations(context: InvocationContext): Promise<string[]> {
  const { started } = await startWaitingInvestigations(ingestDeps(context), new Date());
  if (started.length > 0) context.log('queued investigations started', { started });
  return started;
}

/** The health report's probe of the ingest queue (see `ingestionHealth`), for one invocation. */
function ingestionQueueProbe(context: InvocationContext): () => Promise<IngestionHealth> {
  return () => {
    const settings = ingestionSettings.load();
    const client = investigationClientFrom(() => df.getClient(context));
    return ingestionHealth(ingestionStore(settings), settings, () => client.countActive());
  };
}

export { handleIngestHttp, handleEventGridEvent, startQueuedInvestigations, ingestionQueueProbe };
export type { IngestAnswer };
