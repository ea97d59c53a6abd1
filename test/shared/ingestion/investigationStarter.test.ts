import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { TransientError } from '../../../shared/errors';
import { IncidentSchema, type Incident } from '../../../shared/incident';
import type { InvestigationInput } from '../../../shared/durable';
import {
  claimDelivery,
  getIncidentRecord,
  ingestionHealth,
  ingestionSettings,
  ingestionStore,
  ingestOutcomes,
  keyHash,
  readGroup,
  readLedger,
  recordKeysOf,
  startWaitingInvestigations,
  writeGroup,
  type IngestDeps,
  type IngestionStore,
  type InvestigationClient,
  type StartFailure,
} from '../../../shared/ingestion';
import { currentClaimOwner } from '../../../shared/ingestion/claimOwner';
import { SignalNudger } from '../../../shared/ingestion/signalNudges';

/** An alert of its own group (`key`), from `source`. */
function alert(key: string, source: Incident['source'] = 'azure-monitor'): Incident {
  return IncidentSchema.parse({
    schemaVersion: 1,
    source,
    externalId: `ext-${key}`,
    externalIds: {},
    title: `Alert ${key}`,
    description: '',
    severity: 'Sev2',
    sourceSeverity: null,
    status: 'firing',
    firedAt: '2026-03-04T09:00:00.000Z',
    resolvedAt: null,
    resources: [],
    rule: null,
    service: null,
    correlationId: null,
    signal: { type: 'Platform', details: {} },
    links: [],
    customProperties: {},
    dedupeKey: `dedupe-${key}`,
    groupKey: `${source}|externalid=${key}`,
    investigationKey: `${source}-${keyHash(key)}`,
    rawPayloadRef: null,
  });
}

/**
 * A stand-in for the Durable client speaking the `InvestigationClient` contract: instances live
 * in a map; starting one listed in `failing` throws as the real client does when the
 * orchestration service refuses (a `TransientError`); `active` is what `countActive` answers.
 */
class FakeDurable implements InvestigationClient {
  public readonly instances = new Map<string, { status: string; input: InvestigationInput }>();
  public readonly failing = new Set<string>();
  public active = 0;

  public async start(instanceId: string, input: InvestigationInput): Promise<'started' | 'exists'> {
    if (this.failing.has(instanceId)) throw new TransientError(`the Durable client failed while starting ${instanceId}`, { cause: new Error('EntityTooLarge') });
    if (this.instances.has(instanceId)) return 'exists';
    this.instances.set(instanceId, { status: 'Running', input });
    return 'started';
  }

  public async raise(instanceId: string): Promise<'raised' | 'notFound'> {
    return this.instances.has(instanceId) ? 'raised' : 'notFound';
  }

  public async status(instanceId: string): Promise<string | undefined> {
    return this.instances.get(instanceId)?.status;
  }

  public async countActive(): Promise<number> {
    return this.active;
  }
}

/** A pid that belonged to a process of this machine that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

describe('The investigation starter against Azurite', () => {
  const suffix = randomBytes(4).toString('hex');
  const settings = ingestionSettings.load({
    INGEST_RAW_CONTAINER: `starter-raw-${suffix}`,
    INGEST_INCIDENTS_TABLE: `StarterInc${suffix}`,
    INGEST_DELIVERIES_TABLE: `StarterDel${suffix}`,
    INGEST_GROUPS_TABLE: `StarterGrp${suffix}`,
    INGEST_QUEUE_TABLE: `StarterQue${suffix}`,
    INGEST_STALLED_SECONDS: '60',
  });
  let store: IngestionStore;
  let durable: FakeDurable;
  let failures: StartFailure[];
  let deps: IngestDeps;
  const t0 = new Date('2026-03-04T09:00:00.000Z');
  const at = (seconds: number): Date => new Date(t0.getTime() + seconds * 1000);

  beforeAll(async () => {
    store = ingestionStore(settings, { AzureWebJobsStorage: process.env.TEST_STORAGE_CONNECTION_STRING! });
    await store.ready();
  });

  beforeEach(() => {
    durable = new FakeDurable();
    failures = [];
    deps = {
      store,
      client: durable,
      nudger: new SignalNudger(() => undefined),
      groupWindowMinutes: 60,
      planGroupWindow: async () => undefined,
      groupCacheMs: 0,
      nudgeIntervalMs: 1000,
      maxConcurrent: 10,
      claimSeconds: 60,
      startMaxAttempts: 3,
      startBackoffSeconds: 5,
      onStartFailure: (failure) => failures.push(failure),
    };
  });

  it('puts a group that fails to start back with a backoff, starts the next group meanwhile, and retries it when due', async () => {
    // Prepare
    const failing = alert(`fail-${suffix}`);
    const healthy = alert(`ok-${suffix}`);
    durable.failing.add(failing.investigationKey);

    // Act
    const [queued] = await ingestOutcomes(deps, 'azure-monitor', [{ kind: 'incident', deliveryId: failing.dedupeKey, incident: failing }], at(0));
    const [started] = await ingestOutcomes(deps, 'azure-monitor', [{ kind: 'incident', deliveryId: healthy.dedupeKey, incident: healthy }], at(1));
    const notYetDue = await startWaitingInvestigations(deps, at(2));
    const waitingGroup = await readGroup(store, failing.investigationKey);
    durable.failing.clear();
    const due = await startWaitingInvestigations(deps, at(6));

    // Assess
    expect(queued).toMatchObject({ disposition: 'queued', investigationId: failing.investigationKey });
    expect(started).toMatchObject({ disposition: 'started', investigationId: healthy.investigationKey });
    expect(failures[0]).toMatchObject({ instanceId: failing.investigationKey, attempts: 1, retryAt: at(5).toISOString() });
    expect(failures[0]!.error).toContain('EntityTooLarge');
    expect(notYetDue.started).toEqual([]);
    expect(waitingGroup?.row).toMatchObject({ state: 'queued', attempts: 1, nextAttemptAt: at(5).toISOString() });
    expect(due.started).toEqual([failing.investigationKey]);
    expect(durable.instances.get(failing.investigationKey)?.input.incident.dedupeKey).toBe(failing.dedupeKey);
    expect((await getIncidentRecord(store, queued!.id!))?.disposition).toBe('started');
    expect((await readGroup(store, failing.investigationKey))?.row).toMatchObject({ state: 'running' });
  });

  it('dead-letters a group after its last attempt, shows it on the record and in the queue stats, and queues it again on a retry of the alert', async () => {
    // Prepare
    const doomed = alert(`doomed-${suffix}`);
    durable.failing.add(doomed.investigationKey);
    const [first] = await ingestOutcomes(deps, 'azure-monitor', [{ kind: 'incident', deliveryId: doomed.dedupeKey, incident: doomed }], at(0));

    // Act
    await startWaitingInvestigations(deps, at(6));
    const last = await startWaitingInvestigations(deps, at(20));
    const record = await getIncidentRecord(store, first!.id!);
    const stats = await ingestionHealth(store, settings, () => durable.countActive(), at(30));
    durable.failing.clear();
    const [retried] = await ingestOutcomes(deps, 'azure-monitor', [{ kind: 'incident', deliveryId: doomed.dedupeKey, incident: doomed }], at(40));

    // Assess
    expect(last.deadLettered).toEqual([doomed.investigationKey]);
    expect(failures.map((f) => f.attempts)).toEqual([1, 2, 3]);
    expect(failures[2]!.retryAt).toBeUndefined();
    expect(record?.disposition).toBe('dead-lettered');
    expect((await readGroup(store, doomed.investigationKey))?.row.state).toBe('running');
    expect(stats.deadLettered).toBeGreaterThanOrEqual(1);
    expect(retried).toMatchObject({ disposition: 'started', duplicate: true, investigationId: doomed.investigationKey });
    expect((await getIncidentRecord(store, first!.id!))?.disposition).toBe('started');
  });

  it('takes over at once a claim whose process is gone, and leaves the claim of a live process to its timeout', async () => {
    // Prepare: two groups queued behind a full cap, then claimed by a dead and by a live process
    durable.active = deps.maxConcurrent;
    const orphaned = alert(`orphan-${suffix}`);
    const held = alert(`held-${suffix}`);
    await ingestOutcomes(deps, 'azure-monitor', [{ kind: 'incident', deliveryId: orphaned.dedupeKey, incident: orphaned }], at(0));
    await ingestOutcomes(deps, 'azure-monitor', [{ kind: 'incident', deliveryId: held.dedupeKey, incident: held }], at(0));
    const host = currentClaimOwner().split('|')[0];
    for (const [incident, owner] of [[orphaned, `${host}|${deadPid()}|1`], [held, `${host}|${process.ppid}|1`]] as const) {
      const group = (await readGroup(store, incident.investigationKey))!;
      await writeGroup(store, { ...group.row, state: 'starting', claimedAt: at(1).toISOString(), claimedBy: owner }, group.etag);
    }
    durable.active = 0;

    // Act
    const report = await startWaitingInvestigations(deps, at(2));

    // Assess
    expect(report.started).toContain(orphaned.investigationKey);
    expect(report.started).not.toContain(held.investigationKey);
    expect((await readGroup(store, held.investigationKey))?.row.state).toBe('starting');
  });

  it('starts at once, on a re-sent alert, the investigation a killed process had claimed, instead of answering an id that does not exist', async () => {
    // Prepare: the first delivery queued its group and a process claimed it, then was killed
    durable.active = deps.maxConcurrent;
    const incident = alert(`killed-${suffix}`);
    const [first] = await ingestOutcomes(deps, 'azure-monitor', [{ kind: 'incident', deliveryId: incident.dedupeKey, incident }], at(0));
    const group = (await readGroup(store, incident.investigationKey))!;
    await writeGroup(store, { ...group.row, state: 'starting', claimedAt: at(0).toISOString(), claimedBy: `${currentClaimOwner().split('|')[0]}|${deadPid()}|1` }, group.etag);
    durable.active = 0;

    // Act
    const [resent] = await ingestOutcomes(deps, 'azure-monitor', [{ kind: 'incident', deliveryId: incident.dedupeKey, incident }], at(1));

    // Assess
    expect(first).toMatchObject({ disposition: 'queued' });
    expect(resent).toMatchObject({ disposition: 'started', duplicate: true, investigationId: incident.investigationKey });
    expect(await durable.status(incident.investigationKey)).toBe('Running');
  });

  it('finishes, on a re-sent alert, a generation its killed first delivery opened but never recorded', async () => {
    // Prepare: the group row was written, then the process died before the record said so
    durable.active = deps.maxConcurrent;
    const incident = alert(`unrecorded-${suffix}`);
    const [first] = await ingestOutcomes(deps, 'azure-monitor', [{ kind: 'incident', deliveryId: incident.dedupeKey, incident }], at(0));
    await store.incidents.updateEntity({ ...recordKeysOf(first!.id!)!, disposition: 'received', investigationId: '' }, 'Merge');
    durable.active = 0;

    // Act
    const [resent] = await ingestOutcomes(deps, 'azure-monitor', [{ kind: 'incident', deliveryId: incident.dedupeKey, incident }], at(1));

    // Assess
    expect(resent).toMatchObject({ disposition: 'started', investigationId: incident.investigationKey });
    expect((await getIncidentRecord(store, first!.id!))?.disposition).toBe('started');
    expect(await readLedger(store, incident.source, incident.investigationKey, incident.investigationKey)).toMatchObject({ joined: 0 });
  });

  it('routes at once a redelivery whose first delivery was claimed by a process that is gone', async () => {
    // Prepare: the first delivery was claimed by a process killed before it answered
    const incident = alert(`redelivered-${suffix}`, 'pagerduty');
    const deliveryId = `webhook-${suffix}`;
    await claimDelivery(store, 'pagerduty', deliveryId, incident, true, at(0));
    const host = currentClaimOwner().split('|')[0];
    await store.deliveries.updateEntity({ partitionKey: 'pagerduty', rowKey: keyHash(deliveryId), claimedBy: `${host}|${deadPid()}|1` }, 'Merge');

    // Act
    const [result] = await ingestOutcomes(deps, 'pagerduty', [{ kind: 'incident', deliveryId, incident }], at(1));

    // Assess
    expect(result).toMatchObject({ disposition: 'started', investigationId: incident.investigationKey });
  });

  it('starts a group an older version queued with its input inline, moving the input out of the row', async () => {
    // Prepare: the row as the previous version wrote it, the input spread over table properties
    const legacy = alert(`legacy-${suffix}`);
    const input: InvestigationInput = { schemaVersion: 1, incident: legacy, trigger: 'ingest', dryRun: false };
    const row = { investigationKey: legacy.investigationKey, source: legacy.source, groupKey: legacy.groupKey, instanceId: legacy.investigationKey, generation: 1, windowStartedAt: at(0).toISOString(), state: 'queued' as const, queuedAt: at(0).toISOString(), attempts: 0, input: JSON.stringify(input), ownerRecordId: `azure-monitor_0_${keyHash(legacy.dedupeKey)}`, openInstances: '[]' };
    await writeGroup(store, row, undefined);
    await store.incidents.createEntity({ ...recordKeysOf(row.ownerRecordId)!, disposition: 'queued' });

    // Act
    const report = await startWaitingInvestigations(deps, at(1));

    // Assess
    expect(report.started).toContain(legacy.investigationKey);
    expect(durable.instances.get(legacy.investigationKey)?.input).toEqual(input);
    const entity = await store.groups.getEntity<Record<string, unknown>>(legacy.investigationKey, 'group');
    expect(Object.keys(entity).filter((key) => key.startsWith('input'))).toEqual([]);
  });

  it('reports ingestion stalled when an investigation waits past the threshold while capacity is free, and not while the cap is full', async () => {
    // Prepare: a group that keeps failing waits in the queue
    const stuck = alert(`stuck-${suffix}`);
    durable.failing.add(stuck.investigationKey);
    await ingestOutcomes(deps, 'azure-monitor', [{ kind: 'incident', deliveryId: stuck.dedupeKey, incident: stuck }], at(0));

    // Act
    const fresh = await ingestionHealth(store, settings, () => Promise.resolve(0), at(10));
    const late = await ingestionHealth(store, settings, () => Promise.resolve(0), at(120));
    const lateButFull = await ingestionHealth(store, settings, () => Promise.resolve(settings.INGEST_MAX_CONCURRENT_INVESTIGATIONS), at(120));

    // Assess
    expect(fresh).toMatchObject({ stalled: false });
    expect(fresh.retrying).toBeGreaterThanOrEqual(1);
    expect(late.stalled).toBe(true);
    expect(late.oldestQueuedAgeSeconds).toBeGreaterThanOrEqual(120);
    expect(lateButFull.stalled).toBe(false);
  });
});
