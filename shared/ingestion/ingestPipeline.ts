import { InvestigationEvents, type IncidentResolvedEvent, type IncidentUpdatedEvent } from '../durable';
import { TransientError } from '../errors';
import type { Incident } from '../incident';
import type { IncidentChange, IncidentRef, IngestOutcome } from '../sources';
import { claimDelivery, completeDelivery } from './deliveryLog';
import { getIncidentRecord, joinRecord, planResolve, recordIncident, setDisposition, type Disposition, type IncidentRecord, type ResolvePlan } from './incidentIndex';
import type { IngestionStore } from './ingestionStore';
import type { InvestigationClient } from './investigationClient';
import { acceptsJoins, dropQueuedInput, generationInstanceId, lookupGroup, nextGeneration, openInstancesOf, readGroup, saveQueuedInput, unfinishedGenerations, writeGroup, type GroupSnapshot } from './investigationGroups';
import { holdEvent, releaseHeldEvents } from './heldEvents';
import { boundOutcome } from './boundedOutcome';
import { isClaimOwnerDead } from './claimOwner';
import { startWaitingInvestigations, type StarterDeps } from './investigationStarter';
import type { SignalNudger } from './signalNudges';
import { recordLedgerEntry } from './signalLedger';

/** Everything the pipeline needs, built once per invocation by the function. */
interface IngestDeps extends StarterDeps {
  store: IngestionStore;
  client: InvestigationClient;
  nudger: SignalNudger;
  /** Join window of a group whose plan sets none (INGEST_GROUP_WINDOW_MINUTES). */
  groupWindowMinutes: number;
  /** The `groupWindow` in minutes of the plan that would take this incident, if it sets one. */
  planGroupWindow: (incident: Incident) => Promise<number | undefined>;
  /** How long a group row read by this process may be reused for a join (0: always read). */
  groupCacheMs: number;
  /** At most one nudge per investigation per this many ms from this process. */
  nudgeIntervalMs: number;
}

/** What happened to one outcome of a request; the ingest routes answer with a list of these. */
interface OutcomeResult {
  kind: IngestOutcome['kind'];
  deliveryId?: string;
  /** Incident record id, for `GET /api/incidents/{id}` (incidents and resolves). */
  id?: string;
  dedupeKey?: string;
  groupKey?: string;
  investigationId?: string | null;
  disposition?: Disposition | 'ignored';
  /** True when this delivery (or this alert) was already processed. */
  duplicate: boolean;
}

/** Sources whose delivery ids are unique per event, so reuse with other content is a replay. */
const STRICT_DELIVERY_IDS = new Set(['pagerduty', 'event-grid']);
const MAX_ROUTING_ATTEMPTS = 10;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function resultOf(record: IncidentRecord, duplicate: boolean): OutcomeResult {
  return {
    kind: record.kind,
    deliveryId: record.deliveryId,
    id: record.id,
    dedupeKey: record.dedupeKey,
    groupKey: record.groupKey,
    investigationId: record.investigationId,
    disposition: record.disposition,
    duplicate,
  };
}

/** Dispositions of an alert whose investigation has not started yet: a retry routes it again. */
const UNSTARTED: ReadonlySet<string> = new Set(['queued', 'dead-lettered']);

/**
 * Acts on parsed outcomes: bounds each (see `boundOutcome`), records it, dedupes retries, and
 * starts, joins, queues or resolves investigations. Outcomes of one request are processed in
 * order. Throws `IngressError` 409 for a replayed delivery id and `TransientError` when storage or
 * the Durable client fail (503).
 */
async function ingestOutcomes(deps: IngestDeps, source: Incident['source'], outcomes: IngestOutcome[], receivedAt: Date): Promise<OutcomeResult[]> {
  const results: OutcomeResult[] = [];
  for (const outcome of outcomes) results.push(await ingestOutcome(deps, source, boundOutcome(outcome), receivedAt));
  return results;
}

async function ingestOutcome(deps: IngestDeps, source: Incident['source'], outcome: IngestOutcome, receivedAt: Date): Promise<OutcomeResult> {
  if (outcome.kind === 'validation') return { kind: 'validation', duplicate: false };
  if (outcome.kind === 'ping' || outcome.kind === 'ignored') return { kind: outcome.kind, deliveryId: outcome.deliveryId, disposition: 'ignored', duplicate: false };
  // Where the delivery id is the dedupe key (Azure Monitor), the incident record is the claim.
  const claimed = outcome.kind === 'update' || outcome.deliveryId !== outcome.incident.dedupeKey;
  if (claimed) {
    const content = outcome.kind === 'update' ? { ref: outcome.ref, change: outcome.change } : outcome.incident;
    const claim = await claimDelivery(deps.store, source, outcome.deliveryId, content, STRICT_DELIVERY_IDS.has(source), receivedAt);
    // A retry is answered as the first delivery was, unless that left the alert unstarted: then it
    // is routed again, so a dead-lettered investigation is queued afresh and the answer is current.
    const first = claim.kind === 'retry' ? (claim.result as OutcomeResult | undefined) : undefined;
    if (first !== undefined && !(outcome.kind === 'incident' && UNSTARTED.has(first.disposition ?? ''))) return { ...first, duplicate: true };
    // A parallel copy of a delivery still being processed is sent back to retry later, so an
    // update is not raised twice; a claim older than that, or of a process that is gone (a host
    // killed and restarted), is a first delivery that died midway.
    if (claim.kind === 'retry' && first === undefined && !isClaimOwnerDead(claim.claimedBy) && receivedAt.getTime() - Date.parse(claim.claimedAt) < deps.claimSeconds * 1000) {
      throw new TransientError(`delivery ${JSON.stringify(outcome.deliveryId)} is still being processed by an earlier attempt`);
    }
  }
  let result: OutcomeResult;
  if (outcome.kind === 'incident') result = await admitIncident(deps, outcome.incident, outcome.deliveryId, receivedAt);
  else if (outcome.kind === 'resolve') result = await resolveIncident(deps, outcome.incident, outcome.deliveryId, receivedAt);
  else result = await applyUpdate(deps, outcome.deliveryId, outcome.ref, outcome.change, outcome.incident, receivedAt);
  if (claimed) await completeDelivery(deps.store, source, outcome.deliveryId, { ...result, duplicate: false });
  return result;
}

/**
 * Records an alert once (joined to `joinInstanceId` when given, see `recordIncident`); when
 * another request recorded it first and is still routing it, waits for that request instead of
 * routing it a second time (parallel duplicate deliveries).
 */
async function recordOnce(
  deps: IngestDeps,
  kind: IncidentRecord['kind'],
  incident: Incident,
  deliveryId: string,
  receivedAt: Date,
  joinInstanceId?: string,
): Promise<{ record: IncidentRecord; duplicate: boolean }> {
  const { record, created } = await recordIncident(deps.store, kind, incident, deliveryId, receivedAt, joinInstanceId);
  if (created) return { record, duplicate: false };
  let current: IncidentRecord | undefined = record;
  for (let waited = 0; current?.disposition === 'received' && waited < 3000; waited += 50) {
    await sleep(50);
    current = await getIncidentRecord(deps.store, record.id);
  }
  // Still unrouted after the wait: the first request died midway, so this retry finishes its work.
  return current && current.disposition !== 'received' ? { record: current, duplicate: true } : { record, duplicate: false };
}

/** A join is on the ledger; a running investigation is nudged to count it. */
function joined(deps: IngestDeps, record: IncidentRecord, group: GroupSnapshot): OutcomeResult {
  if (group.row.state === 'running') deps.nudger.nudge(deps.client, group.row.instanceId, deps.nudgeIntervalMs);
  return resultOf(record, false);
}

/**
 * Starts, queues or joins the investigation of a new alert. The common case in a storm, an alert
 * joining a group this process saw moments ago, is one batched write: its record and its ledger
 * row together. Opening a group takes the slower path of ETag-conditional group writes.
 */
async function admitIncident(deps: IngestDeps, incident: Incident, deliveryId: string, receivedAt: Date): Promise<OutcomeResult> {
  const known = await lookupGroup(deps.store, incident.investigationKey, receivedAt, deps.groupCacheMs);
  const joinable = known && acceptsJoins(known.row, receivedAt, deps.groupWindowMinutes) ? known : undefined;
  const recorded = await recordOnce(deps, 'incident', incident, deliveryId, receivedAt, joinable?.row.instanceId);
  if (recorded.duplicate) return retried(deps, recorded.record, receivedAt);
  let record = recorded.record;
  if (joinable && record.disposition === 'joined') return joined(deps, record, joinable);
  for (let attempt = 0; attempt < MAX_ROUTING_ATTEMPTS; attempt++) {
    const group = await readGroup(deps.store, incident.investigationKey);
    if (group?.row.ownerRecordId === record.id && group.row.state !== 'resolved') {
      // An earlier attempt opened this generation and died before recording it: finish that.
      record = await setDisposition(deps.store, record, 'queued', group.row.instanceId);
      return group.row.state === 'dead-lettered' ? requeue(deps, record, receivedAt) : startAndAnswer(deps, record, group.row.instanceId, receivedAt, true);
    }
    if (group && acceptsJoins(group.row, receivedAt, deps.groupWindowMinutes)) {
      record = await joinRecord(deps.store, record, group.row.instanceId);
      return joined(deps, record, group);
    }
    const instanceId = generationInstanceId(incident.investigationKey, (group?.row.generation ?? 0) + 1);
    const inputRef = await saveQueuedInput(deps.store, instanceId, record.id, incident);
    const opened = nextGeneration(group?.row, incident, record.id, inputRef, receivedAt, await unfinishedGenerations(deps.client, group?.row), await deps.planGroupWindow(incident));
    if ((await writeGroup(deps.store, opened, group?.etag)) === undefined) continue;
    record = await setDisposition(deps.store, record, 'queued', opened.instanceId);
    return startAndAnswer(deps, record, opened.instanceId, receivedAt, false);
  }
  throw new Error(`group ${incident.investigationKey} kept changing under ${MAX_ROUTING_ATTEMPTS} attempts`);
}

/**
 * A retry of an alert already recorded: answered as it stands, except that an alert whose
 * investigation has not started yet has the starter run first (a host restarted after a crash
 * takes over at once what its predecessor was starting), and a dead-lettered one is queued again.
 */
async function retried(deps: IngestDeps, record: IncidentRecord, now: Date): Promise<OutcomeResult> {
  if (record.disposition === 'dead-lettered') return requeue(deps, record, now);
  if (record.disposition === 'queued' && record.investigationId) return startAndAnswer(deps, record, record.investigationId, now, true);
  return resultOf(record, true);
}

/** Runs the starter and answers for `record`, whose investigation `instanceId` is queued: started, still queued, or dead-lettered. */
async function startAndAnswer(deps: IngestDeps, record: IncidentRecord, instanceId: string, now: Date, duplicate: boolean): Promise<OutcomeResult> {
  const report = await startWaitingInvestigations(deps, now);
  const disposition: Disposition = report.started.includes(instanceId) ? 'started' : report.deadLettered.includes(instanceId) ? 'dead-lettered' : 'queued';
  return resultOf({ ...record, disposition }, duplicate);
}

/**
 * A retry of an alert whose investigation was dead-lettered: its generation is queued again with
 * fresh attempts (when it is still the group's current one and still dead-lettered), so a
 * sender's retry is never silently dropped. Otherwise the record is answered as it stands.
 */
async function requeue(deps: IngestDeps, record: IncidentRecord, now: Date): Promise<OutcomeResult> {
  for (let attempt = 0; attempt < MAX_ROUTING_ATTEMPTS; attempt++) {
    const group = await readGroup(deps.store, record.investigationKey);
    if (!group || group.row.instanceId !== record.investigationId || group.row.state !== 'dead-lettered') return resultOf(record, true);
    const queued = { ...group.row, state: 'queued' as const, attempts: 0, nextAttemptAt: undefined, deadLetteredAt: undefined, queuedAt: now.toISOString() };
    if ((await writeGroup(deps.store, queued, group.etag)) === undefined) continue;
    const updated = await setDisposition(deps.store, record, 'queued', group.row.instanceId);
    return startAndAnswer(deps, updated, group.row.instanceId, now, true);
  }
  throw new Error(`group ${record.investigationKey} kept changing under ${MAX_ROUTING_ATTEMPTS} attempts`);
}

/**
 * Sends an update to the group's current instance: raised at once when it runs, held until it
 * starts when it is queued. A joiner that held an event re-reads the group, and releases the
 * held events itself if the starter marked it running meanwhile (the starter may have listed
 * them just before this one was written).
 */
async function deliver(deps: IngestDeps, group: GroupSnapshot, eventName: string, payload: unknown, deliveryId: string, now: Date): Promise<void> {
  const { instanceId } = group.row;
  if (group.row.state === 'running') {
    await deps.client.raise(instanceId, eventName, payload);
    return;
  }
  await holdEvent(deps.store, instanceId, eventName, payload, deliveryId, now);
  const after = await readGroup(deps.store, group.row.investigationKey);
  if (after?.row.instanceId === instanceId && after.row.state === 'running') await releaseHeldEvents(deps.store, deps.client, instanceId);
}

/**
 * Resolves the group's investigation: records on the resolve which generation and instances it
 * resolves, marks the group resolved (ETag-conditional), then writes the resolve on the ledger of
 * every running generation and raises `incidentResolved` on each, or cancels a generation still
 * queued (it resolved before capacity freed up). A resolve for an investigation already finished
 * is recorded on the index only (`annotated`). A retry of a delivery whose first attempt died
 * after changing the group finishes that attempt's plan, and never touches a newer generation.
 */
async function resolveIncident(deps: IngestDeps, incident: Incident, deliveryId: string, receivedAt: Date): Promise<OutcomeResult> {
  const recorded = await recordOnce(deps, 'resolve', incident, deliveryId, receivedAt);
  if (recorded.duplicate) return resultOf(recorded.record, true);
  let record = recorded.record;
  const resolvedAt = incident.resolvedAt ?? receivedAt.toISOString();
  const event: IncidentResolvedEvent = { schemaVersion: 1, deliveryId, incident, resolvedAt };
  for (let attempt = 0; attempt < MAX_ROUTING_ATTEMPTS * 5; attempt++) {
    const group = await readGroup(deps.store, incident.investigationKey);
    const planned = record.resolving;
    if (planned && (group?.row.generation !== planned.generation || group.row.state === 'resolved')) {
      return tellResolved(deps, record, planned, event, receivedAt);
    }
    if (!group || group.row.state === 'resolved') {
      return resultOf(await setDisposition(deps.store, record, 'annotated', group?.row.instanceId ?? null), false);
    }
    if (group.row.state === 'starting') {
      // A starter holds the group for the moment it takes to start it; resolve the started instance.
      await sleep(100);
      continue;
    }
    const targets = group.row.state === 'running' ? [...new Set([...openInstancesOf(group.row), group.row.instanceId])] : openInstancesOf(group.row);
    const plan: ResolvePlan = { generation: group.row.generation, instanceId: group.row.instanceId, targets };
    record = await planResolve(deps.store, record, plan);
    const resolved = { ...group.row, state: 'resolved' as const, resolvedAt, input: undefined, openInstances: '[]' };
    if ((await writeGroup(deps.store, resolved, group.etag)) === undefined) continue;
    // A generation resolved before it started never will: its queued input is not needed.
    if (group.row.state !== 'running') await dropQueuedInput(deps.store, group.row);
    return tellResolved(deps, record, plan, event, receivedAt);
  }
  throw new Error(`group ${incident.investigationKey} stayed claimed by a starter; the delivery will be retried`);
}

/** The second step of a resolve: the ledger of each resolved instance, its nudge, the record, and the capacity it freed. */
async function tellResolved(deps: IngestDeps, record: IncidentRecord, plan: ResolvePlan, event: IncidentResolvedEvent, receivedAt: Date): Promise<OutcomeResult> {
  const { source, investigationKey } = event.incident;
  await recordLedgerEntry(deps.store, source, investigationKey, plan.targets, { kind: 'resolve', deliveryId: event.deliveryId, resolvedAt: event.resolvedAt });
  for (const instanceId of plan.targets) await deps.client.raise(instanceId, InvestigationEvents.resolved, event);
  // The generation's instance is among the targets when it was running; a queued one is cancelled instead.
  const updated = await setDisposition(deps.store, record, plan.targets.includes(plan.instanceId) ? 'resolved' : 'annotated', plan.instanceId);
  await startWaitingInvestigations(deps, receivedAt, new Set(plan.targets));
  return resultOf(updated, false);
}

/**
 * Applies a change to the running (or queued) investigation. With no investigation to apply it
 * to, a full snapshot that is not resolved starts one (an alert we missed); otherwise the change
 * is recorded on the delivery log only.
 */
async function applyUpdate(deps: IngestDeps, deliveryId: string, ref: IncidentRef, change: IncidentChange, snapshot: Incident | undefined, receivedAt: Date): Promise<OutcomeResult> {
  const group = await readGroup(deps.store, ref.investigationKey);
  if (group && group.row.state !== 'resolved') {
    await recordLedgerEntry(deps.store, ref.source, ref.investigationKey, [group.row.instanceId], { kind: 'update', deliveryId, at: receivedAt.toISOString() });
    const event: IncidentUpdatedEvent = { schemaVersion: 1, deliveryId, change, ...(snapshot ? { incident: snapshot } : {}) };
    await deliver(deps, group, InvestigationEvents.updated, event, deliveryId, receivedAt);
    return { kind: 'update', deliveryId, dedupeKey: ref.dedupeKey, groupKey: ref.groupKey, investigationId: group.row.instanceId, disposition: 'joined', duplicate: false };
  }
  if (snapshot && snapshot.status !== 'resolved') return { ...(await admitIncident(deps, snapshot, deliveryId, receivedAt)), kind: 'update' };
  return { kind: 'update', deliveryId, dedupeKey: ref.dedupeKey, groupKey: ref.groupKey, investigationId: group?.row.instanceId ?? null, disposition: 'annotated', duplicate: false };
}

export { ingestOutcomes };
export type { IngestDeps, OutcomeResult };
