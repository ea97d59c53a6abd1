import { randomBytes } from 'node:crypto';
import { IncidentSchema, type Incident } from '../../../shared/incident';
import { getIncidentRecord, joinRecord, listIncidentRecords, recordIncident } from '../../../shared/ingestion/incidentIndex';
import { ingestionSettings } from '../../../shared/ingestion/ingestionSettings';
import { ingestionStore, type IngestionStore } from '../../../shared/ingestion/ingestionStore';
import { readLedger, recordLedgerEntry } from '../../../shared/ingestion/signalLedger';

const INVESTIGATION_KEY = 'azure-monitor-5d1c0e2a';

/** One alert of the group `INVESTIGATION_KEY`, told apart by its dedupe key. */
function alert(dedupeKey: string): Incident {
  return IncidentSchema.parse({
    schemaVersion: 1,
    source: 'azure-monitor',
    externalId: `/subscriptions/s/providers/Microsoft.AlertsManagement/alerts/${dedupeKey}`,
    externalIds: {},
    title: 'CPU above 90% on vm-web-01',
    description: '',
    severity: 'Sev2',
    sourceSeverity: 'Sev2',
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
    dedupeKey,
    groupKey: 'azure-monitor:cpu-high:vm-web-01',
    investigationKey: INVESTIGATION_KEY,
    rawPayloadRef: null,
  });
}

describe('The signal ledger against Azurite', () => {
  const suffix = randomBytes(4).toString('hex');
  let store: IngestionStore;
  const receivedAt = new Date('2026-03-04T09:00:05.000Z');

  beforeAll(async () => {
    const settings = ingestionSettings.load({
      INGEST_RAW_CONTAINER: `ledger-raw-${suffix}`,
      INGEST_INCIDENTS_TABLE: `LedgerIncidents${suffix}`,
      INGEST_DELIVERIES_TABLE: `LedgerDeliveries${suffix}`,
      INGEST_GROUPS_TABLE: `LedgerGroups${suffix}`,
      INGEST_QUEUE_TABLE: `LedgerQueue${suffix}`,
    });
    store = ingestionStore(settings, { AzureWebJobsStorage: process.env.TEST_STORAGE_CONNECTION_STRING! });
    await store.ready();
    // The group's opener and alerts that joined two generations of its investigation.
    await recordIncident(store, 'incident', alert('opener'), 'delivery-0', receivedAt);
    await Promise.all([
      recordIncident(store, 'incident', alert('joined-x1'), 'delivery-1', receivedAt, 'inv-x'),
      recordIncident(store, 'incident', alert('joined-x2'), 'delivery-2', receivedAt, 'inv-x'),
      recordIncident(store, 'incident', alert('joined-y1'), 'delivery-3', receivedAt, 'inv-y'),
    ]);
  });

  afterAll(async () => {
    await Promise.all([store.raw.deleteIfExists(), store.incidents.deleteTable(), store.deliveries.deleteTable(), store.groups.deleteTable(), store.queue.deleteTable()]);
  });

  it('counts the alerts that joined each investigation, not the one that opened the group', async () => {
    // Act
    const ledgers = await Promise.all(['inv-x', 'inv-y', 'inv-z'].map((instanceId) => readLedger(store, 'azure-monitor', INVESTIGATION_KEY, instanceId)));

    // Assess
    expect(ledgers.map((l) => l.joined)).toEqual([2, 1, 0]);
  });

  it('does not count a redelivered join twice', async () => {
    // Act
    const again = await recordIncident(store, 'incident', alert('joined-x1'), 'delivery-1-retry', receivedAt, 'inv-x');

    // Assess
    expect(again.created).toBe(false);
    expect(await readLedger(store, 'azure-monitor', INVESTIGATION_KEY, 'inv-x')).toMatchObject({ joined: 2 });
  });

  it('counts a recorded alert once it is joined later', async () => {
    // Prepare
    const { record } = await recordIncident(store, 'incident', alert('late-y2'), 'delivery-4', receivedAt);

    // Act
    await joinRecord(store, record, 'inv-y');

    // Assess
    expect(await readLedger(store, 'azure-monitor', INVESTIGATION_KEY, 'inv-y')).toMatchObject({ joined: 2 });
    expect(await getIncidentRecord(store, record.id)).toMatchObject({ disposition: 'joined', investigationId: 'inv-y' });
  });

  it('counts each update delivery once and keeps the earliest resolve, for the instances it names', async () => {
    // Prepare
    const update = { kind: 'update' as const, deliveryId: 'wh-update-1', at: '2026-03-04T09:01:00.000Z' };

    // Act: an update delivered twice (a retry), a second update, and two resolves of two generations
    await recordLedgerEntry(store, 'azure-monitor', INVESTIGATION_KEY, ['inv-u'], update);
    await recordLedgerEntry(store, 'azure-monitor', INVESTIGATION_KEY, ['inv-u'], update);
    await recordLedgerEntry(store, 'azure-monitor', INVESTIGATION_KEY, ['inv-u'], { ...update, deliveryId: 'wh-update-2' });
    await recordLedgerEntry(store, 'azure-monitor', INVESTIGATION_KEY, ['inv-u', 'inv-w'], { kind: 'resolve', deliveryId: 'wh-resolve-2', resolvedAt: '2026-03-04T09:20:00.000Z' });
    await recordLedgerEntry(store, 'azure-monitor', INVESTIGATION_KEY, ['inv-u'], { kind: 'resolve', deliveryId: 'wh-resolve-1', resolvedAt: '2026-03-04T09:10:00.000Z' });

    // Assess
    expect(await readLedger(store, 'azure-monitor', INVESTIGATION_KEY, 'inv-u')).toEqual({ joined: 0, updates: 2, resolvedAt: '2026-03-04T09:10:00.000Z' });
    expect(await readLedger(store, 'azure-monitor', INVESTIGATION_KEY, 'inv-w')).toEqual({ joined: 0, updates: 0, resolvedAt: '2026-03-04T09:20:00.000Z' });
    expect(await readLedger(store, 'azure-monitor', INVESTIGATION_KEY, 'inv-x')).toMatchObject({ updates: 0, resolvedAt: null });
  });

  it('records one resolve on more instances than a transaction holds', async () => {
    // Prepare: a group whose alert kept firing for many windows, each a generation still open
    const instanceIds = Array.from({ length: 150 }, (_, i) => `inv-many-${i}`);

    // Act
    await recordLedgerEntry(store, 'azure-monitor', INVESTIGATION_KEY, instanceIds, { kind: 'resolve', deliveryId: 'wh-resolve-many', resolvedAt: '2026-03-04T11:00:00.000Z' });

    // Assess
    const ledgers = await Promise.all([instanceIds[0]!, instanceIds[99]!, instanceIds[100]!, instanceIds[149]!].map((id) => readLedger(store, 'azure-monitor', INVESTIGATION_KEY, id)));
    expect(ledgers.map((l) => l.resolvedAt)).toEqual(Array(4).fill('2026-03-04T11:00:00.000Z'));
  });

  it('keeps ledger rows out of the listed incident records', async () => {
    // Prepare
    const rowKeys: string[] = [];
    for await (const entity of store.incidents.listEntities()) rowKeys.push(String(entity.rowKey));
    const ledgerRows = rowKeys.filter((rowKey) => rowKey.startsWith('s~'));

    // Act
    const records = await listIncidentRecords(store, { limit: 100 });
    const ofSource = await listIncidentRecords(store, { source: 'azure-monitor', limit: 100 });

    // Assess
    expect(ledgerRows.length).toBeGreaterThanOrEqual(3);
    expect(records).toHaveLength(rowKeys.length - ledgerRows.length);
    expect(records.map((r) => r.dedupeKey)).toEqual(expect.arrayContaining(['opener', 'joined-x1', 'joined-x2', 'joined-y1']));
    expect(ofSource.map((r) => r.id).sort()).toEqual(records.map((r) => r.id).sort());
  });
});
