/**
 * A throw-away TLS certificate for the emulator. The Azure SDK's bearer-token policy
 * (`@azure/core-rest-pipeline` bearerTokenAuthenticationPolicy) refuses to send a token to any
 * non-`https://` URL and has no opt-out, so the emulator serves HTTPS with a certificate made at
 * startup by `openssl`; clients trust it through `tlsOptions: { ca }` (core-rest-pipeline clients)
 * or an `https.Agent({ ca })` (`@azure/arm-resourcegraph`, which is built on ms-rest-js).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { ConfigError } from '../../shared/errors';

/** PEM key and certificate; the certificate is its own CA. */
interface SelfSignedCertificate {
  key: string;
  cert: string;
}

let cached: Promise<SelfSignedCertificate> | undefined;

async function generate(): Promise<SelfSignedCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'telemetry-emulator-'));
  try {
    await promisify(execFile)('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '30',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1',
      '-addext', 'basicConstraints=critical,CA:TRUE',
    ]);
    return { key: await readFile(join(dir, 'key.pem'), 'utf8'), cert: await readFile(join(dir, 'cert.pem'), 'utf8') };
  } catch (cause) {
    throw new ConfigError('openssl', 'could not create the telemetry emulator TLS certificate (is openssl installed?); pass `tls` yourself or use protocol "http"', { cause });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A certificate for `localhost` / 127.0.0.1, made once per process. */
function selfSignedCertificate(): Promise<SelfSignedCertificate> {
  cached ??= generate().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

export type { SelfSignedCertificate };
export { selfSignedCertificate };
