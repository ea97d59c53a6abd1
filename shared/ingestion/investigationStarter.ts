import { setDispositionById } from './incidentIndex';
import type { IngestionStore } from './ingestionStore';
import type { InvestigationClient } from './investigationClient';
import { listWaitingGroups, openInstancesOf, queuedInputOf, readGroup, writeGroup, type GroupSnapshot } from './investigationGroups';
import { releaseHeldEvents } from './heldEvents';

/** What the starter needs. */
interface StarterDeps {
  store: IngestionStore;
  client: InvestigationClient;
  maxConcurrent: number;
  claimSeconds: number;
}

/**
 * Starts queued investigations, oldest first, while fewer than `maxConcurrent` are active.
 * Called after every ingest that queued one or freed capacity, and by a timer. Each group is
 * claimed with an ETag write before it is started, so concurrent starters never start it twice.
 * The cap is checked once per call: starters racing at the same instant may each use the last
 * free slot, so it can be exceeded by the number of simultaneous callers.
 *
 * @param finishing instances just resolved that may still report Running for a moment.
 * @returns the instance ids started by this call.
 */
async function startWaitingInvestigations(deps: StarterDeps, now: Date, finishing: ReadonlySet<string> = new Set()): Promise<string[]> {
  const waiting = (await listWaitingGroups(deps.store)).filter(
    (g) => g.row.state === 'queued' || now.getTime() - Date.parse(g.row.claimedAt ?? g.row.queuedAt) > deps.claimSeconds * 1000,
  );
  if (waiting.length === 0) return [];
  const active = (await deps.client.countActive()) - finishing.size;
  let free = deps.maxConcurrent - Math.max(0, active);
  const started: string[] = [];
  for (const group of waiting) {
    if (free <= 0) break;
    if (await startGroup(deps, group, now)) {
      started.push(group.row.instanceId);
      free--;
    }
  }
  return started;
}

/** Claims, starts and marks one waiting group; `false` when another starter claimed it first. */
async function startGroup(deps: StarterDeps, group: GroupSnapshot, now: Date): Promise<boolean> {
  const { row } = group;
  const claimed = { ...row, state: 'starting' as const, claimedAt: now.toISOString() };
  const claimEtag = await writeGroup(deps.store, claimed, group.etag);
  if (claimEtag === undefined) return false;
  // A reclaimed group may have been started by a starter that died before marking it running;
  // starting it again would restart a finished instance.
  const alreadyThere = row.state === 'starting' ? await deps.client.status(row.instanceId) : undefined;
  if (alreadyThere === undefined) await deps.client.start(row.instanceId, queuedInputOf(row));
  await markRunning(deps, claimed, claimEtag);
  await setDispositionById(deps.store, row.ownerRecordId, 'started', row.instanceId);
  await releaseHeldEvents(deps.store, deps.client, row.instanceId);
  return true;
}

/** Records the started instance on its group, retrying when a concurrent writer changed the row. */
async function markRunning(deps: StarterDeps, claimed: GroupSnapshot['row'], claimEtag: string): Promise<void> {
  let snapshot: GroupSnapshot | undefined = { row: claimed, etag: claimEtag };
  for (let attempt = 0; attempt < 10 && snapshot; attempt++) {
    const open = [...new Set([...openInstancesOf(snapshot.row), claimed.instanceId])];
    // If a newer generation replaced the row meanwhile, only add this instance to its open list.
    const next = snapshot.row.instanceId === claimed.instanceId
      ? { ...snapshot.row, state: 'running' as const, input: undefined, claimedAt: undefined, openInstances: JSON.stringify(open) }
      : { ...snapshot.row, openInstances: JSON.stringify(open) };
    if ((await writeGroup(deps.store, next, snapshot.etag)) !== undefined) return;
    snapshot = await readGroup(deps.store, claimed.investigationKey);
  }
  throw new Error(`could not mark ${claimed.instanceId} running after repeated concurrent changes`);
}

export { startWaitingInvestigations };
export type { StarterDeps };
