import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A key and certificate, PEM. */
interface TestKeyPair {
  key: string;
  cert: string;
}

/** A throwaway CA and the server certificates the TLS tests need, made with the openssl CLI. */
interface TestPki {
  /** CA certificate (PEM) to trust via TELEMETRY_EXTRA_CA_FILE. */
  caCert: string;
  /** Path of a file holding `caCert`. */
  caFile: string;
  /** localhost / 127.0.0.1 / ::1, valid for 400 days. */
  localhost: TestKeyPair;
  /** localhost, but its validity ended yesterday. */
  expired: TestKeyPair;
  /** Valid for 400 days, but issued to other.example (host-name mismatch on localhost). */
  otherHost: TestKeyPair;
  /** Deletes the working directory. */
  dispose(): void;
}

function openssl(cwd: string, args: string[]): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function issue(cwd: string, name: string, commonName: string, sans: string, days: number): TestKeyPair {
  openssl(cwd, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-subj', `/CN=${commonName}`, '-out', `${name}.csr`]);
  writeFileSync(join(cwd, `${name}.ext`), `subjectAltName=${sans}\nextendedKeyUsage=serverAuth\n`);
  openssl(cwd, [
    'x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
    '-days', String(days), '-extfile', `${name}.ext`, '-out', `${name}.pem`,
  ]);
  return { key: readFileSync(join(cwd, `${name}.key`), 'utf8'), cert: readFileSync(join(cwd, `${name}.pem`), 'utf8') };
}

/** Creates a fresh CA and server certificates; about a second of openssl work. */
function createTestPki(): TestPki {
  const cwd = mkdtempSync(join(tmpdir(), 'tools-pki-'));
  openssl(cwd, [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3650',
    '-subj', '/CN=Responder Test CA/O=Responder Tests',
  ]);
  const caCert = readFileSync(join(cwd, 'ca.pem'), 'utf8');
  return {
    caCert,
    caFile: join(cwd, 'ca.pem'),
    localhost: issue(cwd, 'localhost', 'localhost', 'DNS:localhost,IP:127.0.0.1,IP:::1', 400),
    // openssl's smallest allowed -days is -1: notAfter one day before notBefore (= now), i.e. already expired.
    expired: issue(cwd, 'expired', 'localhost', 'DNS:localhost,IP:127.0.0.1', -1),
    otherHost: issue(cwd, 'other', 'other.example', 'DNS:other.example', 400),
    dispose: () => rmSync(cwd, { recursive: true, force: true }),
  };
}

export { createTestPki };
export type { TestPki, TestKeyPair };
