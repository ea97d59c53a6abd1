import type { DevhostProcess } from '../../helpers/devhostProcess';
import { getStatus, waitForStatus } from '../../helpers/durableHttp';
import { azureMonitorAlert, get, guid, post, startIngestHost } from './ingestHost';

describe('Ingest: the concurrency cap queues investigations and starts them when capacity frees up', () => {
  let host: DevhostProcess;

  beforeAll(async () => {
    host = await startIngestHost({ INGEST_MAX_CONCURRENT_INVESTIGATIONS: '1' });
  });

  afterAll(async () => {
    await host.stop();
  });

  it('queues a second group while one investigation runs, holds its signals, and starts it after the first resolves', async () => {
    // Prepare: two groups (different rules), cap 1
    const firstAlert = guid();
    const first = await post(host, 'ingest/azure-monitor', azureMonitorAlert(firstAlert, 'Fired', 'metric.json'));
    const firstId = first.body.results[0].investigationId as string;
    await waitForStatus(host, firstId, (s) => s.runtimeStatus === 'Running');

    // Act
    const queued = await post(host, 'ingest/azure-monitor', azureMonitorAlert(guid(), 'Fired', 'log-v2.json'));
    const joinedWhileQueued = await post(host, 'ingest/azure-monitor', azureMonitorAlert(guid(), 'Fired', 'log-v2.json'));
    const queuedId = queued.body.results[0].investigationId as string;
    const statusWhileQueued = await getStatus(host, queuedId);
    const resolved = await post(host, 'ingest/azure-monitor', azureMonitorAlert(firstAlert, 'Resolved', 'metric.json'));

    // Assess
    expect(first.body.results[0].disposition).toBe('started');
    expect(queued.body.results[0].disposition).toBe('queued');
    expect(joinedWhileQueued.body.results[0]).toMatchObject({ disposition: 'joined', investigationId: queuedId });
    expect(statusWhileQueued.code).toBe(404);
    expect(resolved.status).toBe(202);
    const started = await waitForStatus(host, queuedId, (s) => (s.customStatus as { signals?: number } | null)?.signals === 2);
    expect(started.runtimeStatus).toBe('Running');
    const record = await get(host, `incidents/${queued.body.results[0].id}`);
    expect(record.body).toMatchObject({ disposition: 'started', investigation: { id: queuedId, runtimeStatus: 'Running' } });
  });
});
