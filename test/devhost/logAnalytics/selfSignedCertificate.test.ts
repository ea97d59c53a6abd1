import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SelfSignedCertificate } from '../../../devhost/logAnalytics/selfSignedCertificate';

/** Makes the certificate in a Node process whose PATH is empty: no external program (openssl) can be found. */
async function certificateWithoutPath(): Promise<SelfSignedCertificate> {
  const module = join(__dirname, '..', '..', '..', 'devhost', 'logAnalytics', 'selfSignedCertificate.js');
  const script = `require(${JSON.stringify(module)}).selfSignedCertificate().then((c) => process.stdout.write(JSON.stringify(c)))`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { env: { PATH: '' } });
  return JSON.parse(stdout) as SelfSignedCertificate;
}

describe('the telemetry emulator certificate', () => {
  let server: Server | undefined;

  afterEach(async () => {
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  });

  it('is made in-process, with no openssl on PATH, and is trusted for 127.0.0.1 by a client given it as CA', async () => {
    // Act
    const tls = await certificateWithoutPath();
    server = createServer({ key: tls.key, cert: tls.cert }, (_req, res) => res.end('ok'));
    await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    const body = await new Promise<string>((done, fail) => {
      request({ host: '127.0.0.1', port, path: '/', ca: tls.cert }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => done(text));
      })
        .on('error', fail)
        .end();
    });

    // Assess
    expect(body).toBe('ok');
    const certificate = new X509Certificate(tls.cert);
    expect(certificate.subjectAltName).toEqual(expect.stringContaining('IP Address:127.0.0.1'));
    expect(certificate.ca).toBe(true);
    expect(certificate.publicKey.asymmetricKeyType).toBe('ec');
  });
});
