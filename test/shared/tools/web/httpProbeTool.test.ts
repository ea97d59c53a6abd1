import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpProbeTool } from '../../../../shared/tools/web/httpProbeTool';
import { toolResultSchema, type ToolContext } from '../../../../shared/tools/tool';

const context: ToolContext = { now: () => new Date('2026-03-01T12:00:00Z') };

describe('http_probe', () => {
  let server: Server;
  let port: number;
  const hostHeaders: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      hostHeaders.push(req.headers.host ?? '');
      if (req.url === '/down') {
        res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '30', 'set-cookie': 'session=secret' });
        res.end('upstream connect error or disconnect/reset before headers');
      } else if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('x'.repeat(10_000));
      } else if (req.url === '/moved') {
        res.writeHead(302, { location: 'http://169.254.169.254/metadata' });
        res.end();
      } else if (req.url === '/hang') {
        // Never answers: the probe's timeout must fire.
      } else {
        res.writeHead(200, { 'content-type': 'application/json', server: 'test' });
        res.end('{"status":"ok"}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const tool = () => createHttpProbeTool({ allowedHosts: ['127.0.0.1'], timeoutMs: 2000, bodyBytes: 64 });

  it('reports status, latency, the chosen headers and the start of the body of an error page', async () => {
    // Prepare
    const url = `http://127.0.0.1:${port}/down`;

    // Act
    const result = await tool().execute({ url, method: 'GET' }, context);

    // Assess
    expect(toolResultSchema.parse(result)).toEqual(result);
    expect(result.status).toBe('success');
    expect(result.invocation).toBe(`GET ${url}`);
    expect(result.data).toMatchObject({
      status: 503,
      address: '127.0.0.1',
      headers: { 'content-type': 'text/plain', 'retry-after': '30' },
      bodyHead: 'upstream connect error or disconnect/reset before headers',
      bodyTruncated: false,
    });
    expect((result.data as { headers: Record<string, string> }).headers['set-cookie']).toBeUndefined();
    expect((result.data as { latencyMs: { total: number } }).latencyMs.total).toBeGreaterThanOrEqual(0);
    expect(result.summary).toContain('HTTP 503');
  });

  it('cuts the body at the configured size and says so', async () => {
    // Prepare
    const url = `http://127.0.0.1:${port}/big`;

    // Act
    const result = await tool().execute({ url, method: 'GET' }, context);

    // Assess
    const data = result.data as { bodyHead: string; bodyTruncated: boolean };
    expect(data.bodyHead).toHaveLength(64);
    expect(data.bodyTruncated).toBe(true);
  });

  it('sends HEAD without reading a body', async () => {
    // Prepare
    const url = `http://127.0.0.1:${port}/`;

    // Act
    const result = await tool().execute({ url, method: 'HEAD' }, context);

    // Assess
    expect(result.status).toBe('success');
    expect(result.data).toMatchObject({ status: 200, method: 'HEAD' });
    expect(result.data).not.toHaveProperty('bodyHead');
  });

  it('reports a redirect with its location instead of following it', async () => {
    // Prepare
    const url = `http://127.0.0.1:${port}/moved`;

    // Act
    const result = await tool().execute({ url, method: 'GET' }, context);

    // Assess
    expect(result.data).toMatchObject({ status: 302, headers: { location: 'http://169.254.169.254/metadata' } });
  });

  it('refuses loopback when the host is not on the allow-list', async () => {
    // Prepare
    const strict = createHttpProbeTool({ allowedHosts: [], timeoutMs: 2000, bodyBytes: 64 });
    const before = hostHeaders.length;

    // Act
    const result = await strict.execute({ url: `http://127.0.0.1:${port}/`, method: 'GET' }, context);

    // Assess
    expect(result.status).toBe('error');
    expect(result.error?.code).toBe('target_refused');
    expect(result.error?.message).toContain('loopback');
    expect(hostHeaders.length).toBe(before);
  });

  it('connects to the address it checked and keeps the original Host header', async () => {
    // Prepare: a name only the injected resolver knows, so any second system lookup would fail.
    const pinnedTool = createHttpProbeTool({
      allowedHosts: ['status.rebind.test'],
      timeoutMs: 2000,
      bodyBytes: 64,
      resolver: async () => [{ address: '127.0.0.1', family: 4 }],
    });

    // Act
    const result = await pinnedTool.execute({ url: `http://status.rebind.test:${port}/`, method: 'GET' }, context);

    // Assess
    expect(result.status).toBe('success');
    expect(hostHeaders.at(-1)).toBe(`status.rebind.test:${port}`);
  });

  it('returns a timeout error when the server does not answer in time', async () => {
    // Prepare
    const url = `http://127.0.0.1:${port}/hang`;

    // Act
    const result = await tool().execute({ url, method: 'GET', timeoutMs: 200 }, context);

    // Assess
    expect(result.status).toBe('error');
    expect(result.error?.code).toBe('timeout');
    expect(result.error?.message).toContain('200 ms');
  });

  it('returns the network error when nothing listens on the port', async () => {
    // Prepare
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    // Act
    const result = await tool().execute({ url: `http://127.0.0.1:${closedPort}/`, method: 'GET' }, context);

    // Assess
    expect(result.status).toBe('error');
    expect(result.error?.code).toBe('ECONNREFUSED');
  });

  it('refuses URLs that carry credentials', async () => {
    // Prepare
    const url = `http://user:pass@127.0.0.1:${port}/`;

    // Act
    const result = await tool().execute({ url, method: 'GET' }, context);

    // Assess
    expect(result.status).toBe('error');
    expect(result.error?.code).toBe('invalid_arguments');
  });
});
