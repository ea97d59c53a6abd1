import { isRetryable } from '../errors';
import { boundText } from './boundedText';
import { currentClaimOwner, isClaimOwnerDead } from './claimOwner';
import { setDispositionById } from './incidentIndex';
import type { IngestionStore } from './ingestionStore';
import type { InvestigationClient } from './investigationClient';
import { dropQueuedInput, listWaitingGroups, openInstancesOf, queuedInputOf, readGroup, withoutInlineInput, writeGroup, type GroupRow, type GroupSnapshot } from './investigationGroups';
import { releaseHeldEvents } from './heldEvents';

/** A start that failed: retried after `retryAt`, or dead-lettered (`retryAt` undefined). */
interface StartFailure {
  instanceId: string;
  investigationKey: string;
  ownerRecordId: string;
  attempts: number;
  error: string;
  retryAt?: string;
}

/** What the starter needs. */
interface StarterDeps {
  store: IngestionStore;
  client: InvestigationClient;
  maxConcurrent: number;
  claimSeconds: number;
  /** Start attempts of one group before it is dead-lettered. */
  startMaxAttempts: number;
  /** Wait before the second attempt; doubled for each further one, up to 32 times this. */
  startBackoffSeconds: number;
  /** Told of every failed start, for the audit log. */
  onStartFailure: (failure: StartFailure) => void;
}

/** What one call of the starter did. */
interface StartReport {
  started: string[];
  /** Instances whose start failed and that wait for a retry. */
  retrying: string[];
  deadLettered: string[];
}

/** Longest error text kept on a group row. */
const ERROR_CHARS = 1000;

/** True when a group may be (re)claimed now: queued and due, or claimed by a starter that is gone or timed out. */
function isDue(row: GroupRow, now: Date, claimSeconds: number): boolean {
  if (row.state === 'queued') return row.nextAttemptAt === undefined || Date.parse(row.nextAttemptAt) <= now.getTime();
  return isClaimOwnerDead(row.claimedBy) || now.getTime() - Date.parse(row.claimedAt ?? row.queuedAt) > claimSeconds * 1000;
}

/**
 * Starts queued investigations, oldest first, while fewer than `maxConcurrent` are active.
 * Called after every ingest that queued one or freed capacity, and by a timer. Each group is
 * claimed with an ETag write before it is started, so concurrent starters never start it twice.
 * Groups are independent: one that fails to start is put back with a backoff (see
 * {@link recordFailure}) and the next one is tried. The cap is checked once per call: starters
 * racing at the same instant may each use the last free slot, so it can be exceeded by the
 * number of simultaneous callers. Throws when storage or the Durable client fail before a group
 * is claimed (listing, counting, claiming) or while a failure is recorded.
 *
 * @param finishing instances just resolved that may still report Running for a moment.
 */
async function startWaitingInvestigations(deps: StarterDeps, now: Date, finishing: ReadonlySet<string> = new Set()): Promise<StartReport> {
  const report: StartReport = { started: [], retrying: [], deadLettered: [] };
  const waiting = (await listWaitingGroups(deps.store)).filter((g) => isDue(g.row, now, deps.claimSeconds));
  if (waiting.length === 0) return report;
  const active = (await deps.client.countActive()) - finishing.size;
  let free = deps.maxConcurrent - Math.max(0, active);
  for (const group of waiting) {
    if (free <= 0) break;
    let claim: GroupSnapshot | undefined;
    try {
      claim = await claimGroup(deps, group, now);
      if (!claim) continue;
      await startClaimed(deps, claim);
      report.started.push(group.row.instanceId);
      free--;
    } catch (error) {
      if (!claim) throw error;
      const failure = await recordFailure(deps, claim, error, now);
      (failure.retryAt ? report.retrying : report.deadLettered).push(failure.instanceId);
    }
  }
  return report;
}

/** Claims a waiting group for this process; `undefined` when another starter claimed it first. */
async function claimGroup(deps: StarterDeps, group: GroupSnapshot, now: Date): Promise<GroupSnapshot | undefined> {
  const row = await withoutInlineInput(deps.store, group.row);
  const claimed: GroupRow = { ...row, state: 'starting', claimedAt: now.toISOString(), claimedBy: currentClaimOwner() };
  const etag = await writeGroup(deps.store, claimed, group.etag);
  return etag === undefined ? undefined : { row: claimed, etag };
}

/** Starts a claimed group, marks it running, its owner record started, and releases its held events. */
async function startClaimed(deps: StarterDeps, claim: GroupSnapshot): Promise<void> {
  const { row } = claim;
  // Instance ids are unique per generation, so one that exists was started by an earlier attempt
  // that died (or failed) before marking it running: starting it again would restart a finished
  // instance. Checking every time makes a start idempotent, whatever the claim's history.
  if ((await deps.client.status(row.instanceId)) === undefined) await deps.client.start(row.instanceId, await queuedInputOf(deps.store, row));
  await markRunning(deps, row, claim.etag);
  await setDispositionById(deps.store, row.ownerRecordId, 'started', row.instanceId);
  await releaseHeldEvents(deps.store, deps.client, row.instanceId);
  await dropQueuedInput(deps.store, row);
}

/**
 * Puts a group whose start failed back in the queue, due after a backoff that doubles with each
 * attempt (`startBackoffSeconds`, 2×, 4×... up to 32×); after `startMaxAttempts`, or at once for
 * an error a retry cannot fix, it is dead-lettered: its owner record says `dead-lettered`, the
 * failure is reported, and it no longer takes a place in the queue. A group that another writer
 * changed meanwhile (resolved, or already running) is left as that writer left it.
 */
async function recordFailure(deps: StarterDeps, claim: GroupSnapshot, error: unknown, now: Date): Promise<StartFailure> {
  const attempts = claim.row.attempts + 1;
  const message = boundText(describeError(error), ERROR_CHARS);
  const deadLetter = attempts >= deps.startMaxAttempts || !isRetryable(error);
  const backoffMs = deps.startBackoffSeconds * 1000 * 2 ** Math.min(attempts - 1, 5);
  const retryAt = deadLetter ? undefined : new Date(now.getTime() + backoffMs).toISOString();
  const failure: StartFailure = { instanceId: claim.row.instanceId, investigationKey: claim.row.investigationKey, ownerRecordId: claim.row.ownerRecordId, attempts, error: message, ...(retryAt ? { retryAt } : {}) };
  const current = await readGroup(deps.store, claim.row.investigationKey);
  if (current?.row.instanceId === claim.row.instanceId && current.row.state === 'starting') {
    const next: GroupRow = deadLetter
      ? { ...current.row, state: 'dead-lettered', attempts, lastError: message, deadLetteredAt: now.toISOString(), nextAttemptAt: undefined, claimedAt: undefined, claimedBy: undefined }
      : { ...current.row, state: 'queued', attempts, lastError: message, nextAttemptAt: retryAt, claimedAt: undefined, claimedBy: undefined };
    if ((await writeGroup(deps.store, next, current.etag)) !== undefined && deadLetter) {
      await setDispositionById(deps.store, claim.row.ownerRecordId, 'dead-lettered', claim.row.instanceId);
    }
  }
  deps.onStartFailure(failure);
  return failure;
}

function describeError(error: unknown): string {
  const parts: string[] = [];
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 3; depth++, current = current.cause) parts.push(`${current.name}: ${current.message}`);
  return parts.length > 0 ? parts.join(' <- ') : String(error);
}

/** Records the started instance on its group, retrying when a concurrent writer changed the row. */
async function markRunning(deps: StarterDeps, claimed: GroupRow, claimEtag: string): Promise<void> {
  let snapshot: GroupSnapshot | undefined = { row: claimed, etag: claimEtag };
  for (let attempt = 0; attempt < 10 && snapshot; attempt++) {
    const open = [...new Set([...openInstancesOf(snapshot.row), claimed.instanceId])];
    // If a newer generation replaced the row meanwhile, only add this instance to its open list.
    const next: GroupRow = snapshot.row.instanceId === claimed.instanceId
      ? { ...snapshot.row, state: 'running', input: undefined, inputRef: undefined, claimedAt: undefined, claimedBy: undefined, nextAttemptAt: undefined, openInstances: JSON.stringify(open) }
      : { ...snapshot.row, openInstances: JSON.stringify(open) };
    if ((await writeGroup(deps.store, next, snapshot.etag)) !== undefined) return;
    snapshot = await readGroup(deps.store, claimed.investigationKey);
  }
  throw new Error(`could not mark ${claimed.instanceId} running after repeated concurrent changes`);
}

export { startWaitingInvestigations };
export type { StarterDeps, StartReport, StartFailure };
