import { openInstancesOf, readGroup, type IngestionStore } from '../../../shared/ingestion';
import type { DevhostProcess } from '../../helpers/devhostProcess';
import { waitForStatus } from '../../helpers/durableHttp';
import { azureMonitorAlert, guid, post, startIngestHostWithStore } from './ingestHost';

describe('Ingest: generations of one group through POST /api/ingest/azure-monitor', () => {
  let host: DevhostProcess;
  let store: IngestionStore;

  beforeAll(async () => {
    // A group window of 60 ms: every alert after an investigation ends opens the next generation.
    ({ host, store } = await startIngestHostWithStore({ INGEST_GROUP_WINDOW_MINUTES: '0.001' }));
  });

  afterAll(async () => {
    await host.stop();
  });

  it('stops listing finished generations as open when the next one opens', async () => {
    // Prepare: a first generation that finished without a resolve (its window ran out)
    const first = await post(host, 'ingest/azure-monitor', azureMonitorAlert(guid(), 'Fired', 'metric.json'));
    const firstId = first.body.results[0].investigationId as string;
    await waitForStatus(host, firstId, (s) => s.runtimeStatus === 'Completed', 60000);

    // Act: the alert fires again, then again once the second generation has finished
    const second = await post(host, 'ingest/azure-monitor', azureMonitorAlert(guid(), 'Fired', 'metric.json'));
    const secondId = second.body.results[0].investigationId as string;
    // Its window (60 ms) has passed once it completes, so the next alert opens a third generation.
    await waitForStatus(host, secondId, (s) => s.runtimeStatus === 'Completed', 60000);
    const third = await post(host, 'ingest/azure-monitor', azureMonitorAlert(guid(), 'Fired', 'metric.json'));

    // Assess
    expect(new Set([firstId, secondId, third.body.results[0].investigationId]).size).toBe(3);
    // The first generation's instance id is the group's investigation key.
    const open = openInstancesOf((await readGroup(store, firstId))!.row);
    expect(open).not.toContain(firstId);
  }, 120000);
});
