import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { BlobServiceClient } from '@azure/storage-blob';
import { createApprovalStore, createAuditLog, createRedactor } from '../../../shared/governance';
import { ingestionSettings, ingestionStore } from '../../../shared/ingestion';
import { persistReport, readReport } from '../../../shared/investigation/reportStore';
import { SchedulerStore } from '../../../shared/scheduler/schedulerStore';
import { createBlobResultStore } from '../../../shared/tools/results/resultStore';
import { report } from '../destinations/destinationFixtures';

/** Storage lost a container or table under a running process: the next write must create it again, not fail forever. */
describe('stores never trust "the container exists" past a failure (Azurite)', () => {
  const connection = process.env.TEST_STORAGE_CONNECTION_STRING!;
  const blobs = BlobServiceClient.fromConnectionString(connection);
  const env = { AzureWebJobsStorage: connection };
  const name = (prefix: string): string => `${prefix}${randomBytes(5).toString('hex')}`;

  it('the report store writes a report again after its container was deleted', async () => {
    // Prepare
    const container = name('reports-');
    const first = report({ investigationId: 'inv-lost-1' });
    await persistReport(first, container, env);
    await blobs.getContainerClient(container).delete();

    // Act
    await persistReport(report({ investigationId: 'inv-lost-2' }), container, env);

    // Assess
    expect(await readReport('inv-lost-2', 'json', container, env)).toContain('inv-lost-2');
  });

  it('the result store stores a result again after its container was deleted', async () => {
    // Prepare
    const container = blobs.getContainerClient(name('results-'));
    const store = createBlobResultStore(container);
    const stored = (callId: string) => ({ schemaVersion: 1 as const, investigationId: 'inv-lost', callId, hypothesisId: 'alpha', tool: 'app_insights_query', arguments: {}, result: { schemaVersion: 1 as const, tool: 'app_insights_query', status: 'success' as const, invocation: 'x', data: { n: 1 }, summary: 'one', durationMs: 1 } });
    await store.put(stored('call-1'));
    await container.delete();

    // Act
    await store.put(stored('call-2'));

    // Assess
    expect((await store.get('inv-lost', 'call-2'))?.callId).toBe('call-2');
  });

  it('the audit log appends again after its container was deleted', async () => {
    // Prepare
    const container = blobs.getContainerClient(name('audit-'));
    const log = createAuditLog(container, createRedactor());
    const record = (summary: string) => ({ at: '2026-03-04T09:17:00.000Z', investigationId: 'inv-lost', kind: 'decision' as const, actor: { type: 'system' as const, id: 'governance' }, summary });
    await log.append(record('before'));
    await container.delete();

    // Act
    await log.append(record('after'));

    // Assess
    expect((await log.read('inv-lost')).map((r) => r.summary)).toEqual(['after']);
  });

  it('the approval store records an approval again after its table was deleted', async () => {
    // Prepare
    const table = TableClient.fromConnectionString(connection, name('Approvals'), { allowInsecureConnection: true });
    const store = createApprovalStore(table);
    const request = (toolCallId: string) => ({ investigationId: 'inv-lost', instanceId: 'inv-lost:h1', toolCallId, toolName: 'azure_cli', invocation: 'azure_cli(x)', requestReason: 'ask', requestedAt: '2026-03-04T09:17:00.000Z', expiresAt: '2026-03-04T10:17:00.000Z' });
    await store.request(request('toolu_1'));
    await table.deleteTable();

    // Act
    const recorded = await store.request(request('toolu_2'));

    // Assess
    expect((await store.get(recorded.id))?.toolCallId).toBe('toolu_2');
  });

  it('the raw archive stores bodies again after its container was deleted (the failed write is retried by the source)', async () => {
    // Prepare
    const settings = ingestionSettings.load({ INGEST_RAW_CONTAINER: name('raw-'), INGEST_INCIDENTS_TABLE: name('Inc'), INGEST_DELIVERIES_TABLE: name('Del'), INGEST_GROUPS_TABLE: name('Grp'), INGEST_QUEUE_TABLE: name('Que') });
    const store = ingestionStore(settings, env);
    const submit = (text: string) => store.archive.submit('pagerduty', Buffer.from(text), 'application/json', new Date());
    await submit('{"n":1}').stored;
    await store.raw.delete();

    // Act: the first write after the loss fails (the source gets 503 and retries); the retry lands
    const lost = await submit('{"n":2}').stored.then(() => 'stored', () => 'failed');
    const retried = submit('{"n":3}');
    await retried.stored;

    // Assess
    expect(['stored', 'failed']).toContain(lost);
    expect((await store.archive.read(retried.ref))?.body.toString()).toBe('{"n":3}');
  });

  it('the scheduler store claims a slot again after its table was deleted', async () => {
    // Prepare
    const table = TableClient.fromConnectionString(connection, name('Sched'), { allowInsecureConnection: true });
    const store = new SchedulerStore(table);
    const run = (instanceId: string) => ({ instanceId, slot: '2026-12-04T08:00:00.000Z', trigger: 'schedule' as const, status: 'running' as const, detail: '', missedSlots: 0, startedAt: '', finishedAt: '' });
    await store.claimRun('nightly', 'slot-1', run('task-nightly-1'));
    await table.deleteTable();

    // Act
    const claimed = await store.claimRun('nightly', 'slot-2', run('task-nightly-2'));

    // Assess
    expect(claimed).toBe(true);
    expect((await store.readRun('nightly', 'slot-2'))?.run.instanceId).toBe('task-nightly-2');
  });
});
