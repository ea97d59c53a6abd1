import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:https';
import { createTlsCertificateTool } from '../../../../shared/tools/web/tlsCertificateTool';
import type { ToolContext } from '../../../../shared/tools/tool';
import { createTestPki, type TestKeyPair, type TestPki } from '../testPki';

interface CertificateData {
  riskLevel: string;
  daysRemaining: number;
  notAfter: string;
  trusted: boolean;
  trustError: string | null;
  hostnameMatch: boolean;
  status: string;
  issuerCommonName: string;
  subjectAltNames: string[];
  chain: Array<{ subject: string }>;
}

async function startTlsServer(pair: TestKeyPair): Promise<{ server: Server; port: number }> {
  const server = createServer({ key: pair.key, cert: pair.cert }, (_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

const DAY = 86_400_000;

describe('tls_certificate', () => {
  let pki: TestPki;
  const servers: Server[] = [];
  let validPort: number;
  let expiredPort: number;
  let otherHostPort: number;

  beforeAll(async () => {
    pki = createTestPki();
    for (const [pair, set] of [
      [pki.localhost, (p: number) => (validPort = p)],
      [pki.expired, (p: number) => (expiredPort = p)],
      [pki.otherHost, (p: number) => (otherHostPort = p)],
    ] as const) {
      const { server, port } = await startTlsServer(pair);
      servers.push(server);
      set(port);
    }
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    pki.dispose();
  });

  const tool = (extraCa: string[] = [pki.caCert]) =>
    createTlsCertificateTool({ allowedHosts: ['localhost'], timeoutMs: 3000, extraCa });
  const at = (iso: string | Date): ToolContext => ({ now: () => new Date(iso) });

  it('reports a trusted certificate with a long life as HEALTHY, with issuer, names and chain', async () => {
    // Prepare
    const now = new Date();

    // Act
    const result = await tool().execute({ host: 'localhost', port: validPort }, at(now));

    // Assess
    expect(result.status).toBe('success');
    expect(result.invocation).toBe(`tls localhost:${validPort}`);
    const data = result.data as CertificateData;
    expect(data).toMatchObject({
      riskLevel: 'HEALTHY',
      status: 'valid',
      trusted: true,
      hostnameMatch: true,
      issuerCommonName: 'Responder Test CA',
    });
    expect(data.daysRemaining).toBeGreaterThanOrEqual(398);
    expect(data.subjectAltNames).toContain('DNS:localhost');
    expect(data.chain[0]?.subject).toContain('CN=localhost');
    expect(data.chain.some((entry) => entry.subject.includes('Responder Test CA'))).toBe(true);
  });

  it.each([
    [5, 'CRITICAL'],
    [7, 'CRITICAL'],
    [20, 'WARNING'],
    [45, 'ATTENTION'],
    [61, 'HEALTHY'],
  ])('classifies %i days remaining as %s, using the clock of the context', async (days, level) => {
    // Prepare
    const probe = await tool().execute({ host: 'localhost', port: validPort }, at(new Date()));
    const notAfter = new Date((probe.data as CertificateData).notAfter);
    const now = new Date(notAfter.getTime() - days * DAY - 60_000);

    // Act
    const result = await tool().execute({ host: 'localhost', port: validPort }, at(now));

    // Assess
    expect(result.data).toMatchObject({ daysRemaining: days, riskLevel: level });
  });

  it('reports an expired certificate as EXPIRED with the trust error', async () => {
    // Prepare
    const now = new Date();

    // Act
    const result = await tool().execute({ host: 'localhost', port: expiredPort }, at(now));

    // Assess
    expect(result.status).toBe('success');
    const data = result.data as CertificateData;
    expect(data.riskLevel).toBe('EXPIRED');
    expect(data.status).toBe('expired');
    expect(data.daysRemaining).toBeLessThan(0);
    expect(data.trusted).toBe(false);
    expect(data.trustError).toBe('CERT_HAS_EXPIRED');
  });

  it('flags a certificate issued to another host name as CRITICAL', async () => {
    // Prepare
    const now = new Date();

    // Act
    const result = await tool().execute({ host: 'localhost', port: otherHostPort }, at(now));

    // Assess
    const data = result.data as CertificateData;
    expect(data).toMatchObject({ hostnameMatch: false, trusted: true, riskLevel: 'CRITICAL', status: 'verification_failed' });
    expect(result.summary).toContain('host name mismatch');
  });

  it('flags a certificate from an unknown CA as CRITICAL with the verification error', async () => {
    // Prepare
    const untrusting = tool([]);

    // Act
    const result = await untrusting.execute({ host: 'localhost', port: validPort }, at(new Date()));

    // Assess
    const data = result.data as CertificateData;
    expect(data.trusted).toBe(false);
    expect(data.trustError).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(data.riskLevel).toBe('CRITICAL');
  });

  it('refuses loopback when the host is not on the allow-list', async () => {
    // Prepare
    const strict = createTlsCertificateTool({ allowedHosts: [], timeoutMs: 3000 });

    // Act
    const byName = await strict.execute({ host: 'localhost', port: validPort }, at(new Date()));
    const byAddress = await strict.execute({ host: '127.0.0.1', port: validPort }, at(new Date()));

    // Assess
    expect(byName.error?.code).toBe('target_refused');
    expect(byAddress.error?.code).toBe('target_refused');
  });

  it('returns an error result with risk UNKNOWN when the TLS handshake fails', async () => {
    // Prepare: a plain TCP listener that closes at once.
    const { createServer: createTcpServer } = await import('node:net');
    const tcp = createTcpServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    const port = (tcp.address() as AddressInfo).port;

    // Act
    const result = await tool().execute({ host: 'localhost', port }, at(new Date()));
    await new Promise((resolve) => tcp.close(resolve));

    // Assess
    expect(result.status).toBe('error');
    expect(result.error?.details).toMatchObject({ riskLevel: 'UNKNOWN' });
    expect(result.error?.message).toContain(`localhost:${port}`);
  });
});
