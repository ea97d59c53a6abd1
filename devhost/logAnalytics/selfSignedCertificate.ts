/**
 * A throw-away TLS certificate for the emulator. The Azure SDK's bearer-token policy
 * (`@azure/core-rest-pipeline` bearerTokenAuthenticationPolicy) refuses to send a token to any
 * non-`https://` URL and has no opt-out, so the emulator serves HTTPS with a certificate made
 * in-process at startup (the `selfsigned` package, so nothing but Node.js is needed); clients
 * trust it through `tlsOptions: { ca }` (core-rest-pipeline clients) or an `https.Agent({ ca })`
 * (`@azure/arm-resourcegraph`, which is built on ms-rest-js).
 */
import { generate as generateCertificate } from 'selfsigned';

import { ConfigError } from '../../shared/errors';

/** PEM key and certificate; the certificate is its own CA. */
interface SelfSignedCertificate {
  key: string;
  cert: string;
}

let cached: Promise<SelfSignedCertificate> | undefined;

const DAY_MS = 86_400_000;

async function generate(): Promise<SelfSignedCertificate> {
  try {
    const now = Date.now();
    const pems = await generateCertificate([{ name: 'commonName', value: 'localhost' }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      // A minute of leeway for clocks that disagree slightly; valid for 30 days like a dev run needs.
      notBeforeDate: new Date(now - 60_000),
      notAfterDate: new Date(now + 30 * DAY_MS),
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
      ],
    });
    return { key: pems.private, cert: pems.cert };
  } catch (cause) {
    throw new ConfigError('tls', 'could not create the telemetry emulator TLS certificate; pass `tls` yourself or use protocol "http"', { cause });
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
