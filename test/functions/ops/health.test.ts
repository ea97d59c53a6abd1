import { startDevhostProcess, type DevhostProcess } from '../../helpers/devhostProcess';

describe('GET /api/health', () => {
  let host: DevhostProcess;

  afterEach(async () => {
    await host.stop();
  });

  it('reports version, the devhost runtime and reachable storage, anonymously', async () => {
    // Prepare
    host = await startDevhostProcess({ app: '.' });

    // Act
    const response = await fetch(`${host.url}/api/health`);

    // Assess
    expect(response.status).toBe(200);
    const report = (await response.json()) as Record<string, unknown>;
    expect(report).toMatchObject({
      status: 'healthy',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      runtime: 'devhost',
      storage: { reachable: true, endpoint: expect.stringContaining('127.0.0.1') },
    });
    expect(JSON.stringify(report)).not.toContain(process.env.TEST_STORAGE_CONNECTION_STRING!.match(/AccountKey=([^;]+)/)![1]);
  });
});
