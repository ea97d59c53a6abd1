import { X509Certificate } from 'node:crypto';
import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { selfSignedCertificate } from '../../../devhost/logAnalytics/selfSignedCertificate';

describe('the telemetry emulator certificate', () => {
  let server: Server | undefined;
  const path = process.env.PATH;

  afterEach(async () => {
    process.env.PATH = path;
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  });

  it('is made in-process, with no openssl on PATH, and is trusted for 127.0.0.1 by a client given it as CA', async () => {
    // Prepare: no external programs can be found
    process.env.PATH = '';

    // Act
    const tls = await selfSignedCertificate();
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
