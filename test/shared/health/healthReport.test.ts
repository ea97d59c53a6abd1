import { buildHealthReport } from '../../../shared/health';

const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

describe('buildHealthReport', () => {
  it('is degraded and names the endpoint, not the key, when storage does not answer', async () => {
    // Prepare: a connection string to a port nothing listens on
    const env = {
      AzureWebJobsStorage: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${DEV_KEY};BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;TableEndpoint=http://127.0.0.1:9/devstoreaccount1`,
    };

    // Act
    const report = await buildHealthReport('1.2.3', env, 1000);

    // Assess
    expect(report.status).toBe('degraded');
    expect(report.storage).toMatchObject({ reachable: false, endpoint: 'http://127.0.0.1:9/devstoreaccount1' });
    expect(JSON.stringify(report)).not.toContain(DEV_KEY);
  });

  it('says storage is not configured when no connection is set', async () => {
    const report = await buildHealthReport('1.2.3', {}, 1000);
    expect(report.storage.reachable).toBe(false);
    expect(report.storage.endpoint).toBe('not configured');
    expect(report.runtime).toBe('local');
  });

  it('reports the Azure runtime when the platform sets WEBSITE_SITE_NAME', async () => {
    const report = await buildHealthReport('1.2.3', { WEBSITE_SITE_NAME: 'my-responder', AzureWebJobsStorage: process.env.TEST_STORAGE_CONNECTION_STRING });
    expect(report).toMatchObject({ runtime: 'azure', status: 'healthy', storage: { reachable: true } });
  });

  it('reports the ingest queue, and is degraded when it is stalled or cannot be read', async () => {
    // Prepare
    const env = { AzureWebJobsStorage: process.env.TEST_STORAGE_CONNECTION_STRING };
    const queue = { queued: 2, retrying: 1, oldestQueuedAgeSeconds: 900, deadLettered: 1, active: 0, maxConcurrent: 20 };

    // Act
    const flowing = await buildHealthReport('1.2.3', env, 1000, () => Promise.resolve({ ...queue, stalled: false }));
    const stalled = await buildHealthReport('1.2.3', env, 1000, () => Promise.resolve({ ...queue, stalled: true }));
    const unreadable = await buildHealthReport('1.2.3', env, 1000, () => Promise.reject(new TypeError('the groups table cannot be listed')));

    // Assess
    expect(flowing).toMatchObject({ status: 'healthy', ingestion: { queued: 2, deadLettered: 1, stalled: false } });
    expect(stalled).toMatchObject({ status: 'degraded', ingestion: { stalled: true } });
    expect(unreadable).toMatchObject({ status: 'degraded', ingestion: { error: 'TypeError' } });
  });
});
