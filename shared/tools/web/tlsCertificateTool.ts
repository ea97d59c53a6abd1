import { isIP } from 'node:net';
import { checkServerIdentity, connect, createSecureContext, rootCertificates, type DetailedPeerCertificate, type PeerCertificate } from 'node:tls';
import { z } from 'zod';
import type { ToolDefinition } from '../tool';
import { startToolRun } from '../toolRun';
import { describeUpstreamError } from '../upstreamError';
import { classifyCertificateRisk, daysRemaining } from './certificateRisk';
import { bareHost, resolveProbeTarget, type HostResolver } from './probeTarget';

const tlsCertificateParametersSchema = z.object({
  host: z
    .string()
    .min(1)
    .max(253)
    .regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._:-]+)$/, 'must be a host name or IP address, without scheme or path')
    .describe('Host name to check, e.g. api.contoso.com (no https://, no path)'),
  port: z.number().int().min(1).max(65_535).default(443).describe('TCP port, default 443'),
});

type TlsCertificateParameters = z.output<typeof tlsCertificateParametersSchema>;

/** Settings and seams of the certificate check. */
interface TlsCertificateToolOptions {
  allowedHosts: ReadonlyArray<string>;
  timeoutMs: number;
  /** Extra trusted CA certificates (PEM), added to the public roots. */
  extraCa?: ReadonlyArray<string> | undefined;
  resolver?: HostResolver | undefined;
}

/** One certificate of the presented chain, leaf first. */
interface ChainEntry {
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  fingerprint256: string;
}

function distinguishedName(name: Record<string, string | string[]> | undefined): string {
  if (!name) return '';
  return Object.entries(name)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : value}`)
    .join(', ');
}

function field(name: Record<string, string | string[]> | undefined, key: string): string | undefined {
  const value = name?.[key];
  return Array.isArray(value) ? value[0] : value;
}

/** Walks `issuerCertificate` links; a self-signed root links to itself, which ends the walk. */
function chainOf(leaf: DetailedPeerCertificate): ChainEntry[] {
  const chain: ChainEntry[] = [];
  const seen = new Set<string>();
  for (let cert: DetailedPeerCertificate | undefined = leaf; cert && !seen.has(cert.fingerprint256); cert = cert.issuerCertificate) {
    seen.add(cert.fingerprint256);
    chain.push({
      subject: distinguishedName(cert.subject as unknown as Record<string, string>),
      issuer: distinguishedName(cert.issuer as unknown as Record<string, string>),
      notBefore: new Date(cert.valid_from).toISOString(),
      notAfter: new Date(cert.valid_to).toISOString(),
      fingerprint256: cert.fingerprint256,
    });
  }
  return chain;
}

/**
 * `tls_certificate`: connects with TLS (SNI = the host name) and reports the certificate chain,
 * issuer, expiry, days remaining, whether it verifies and matches the host name, and the seed-003
 * risk level. The connection goes to the address the SSRF guard checked.
 */
function createTlsCertificateTool(options: TlsCertificateToolOptions): ToolDefinition<typeof tlsCertificateParametersSchema> {
  const ca = options.extraCa && options.extraCa.length > 0 ? [...rootCertificates, ...options.extraCa] : undefined;
  const secureContext = ca ? createSecureContext({ ca }) : undefined;

  return {
    name: 'tls_certificate',
    description:
      'Connects to host:port over TLS and returns the server certificate: subject, issuer, validity dates, days remaining, ' +
      'subject alternative names, the presented chain, whether the chain is trusted and matches the host name, and a risk ' +
      'level (EXPIRED < 0 days, CRITICAL ≤ 7 days or not verifiable, WARNING ≤ 30, ATTENTION ≤ 60, HEALTHY). Use it when ' +
      'an incident shows TLS or connection errors, "certificate" in error messages, sudden failures of every client at ' +
      'once, or to audit expiry of the domains of a service. Private and loopback addresses are refused.',
    readOnly: true,
    parameters: tlsCertificateParametersSchema,
    auditDescription: (params: TlsCertificateParameters) => `TLS certificate of ${params.host}:${params.port}`,
    async execute(params, context) {
      const host = bareHost(params.host);
      const run = startToolRun({ tool: 'tls_certificate', invocation: `tls ${host}:${params.port}` });
      const target = await resolveProbeTarget(host, options.allowedHosts, options.resolver);
      if (!target.ok) return run.error(target.code, target.message, { riskLevel: 'UNKNOWN' });
      const servername = isIP(host) ? undefined : host;
      try {
        const { cert, authorized, authorizationError, protocol } = await new Promise<{
          cert: DetailedPeerCertificate;
          authorized: boolean;
          authorizationError: string | undefined;
          protocol: string | null;
        }>((resolve, reject) => {
          // rejectUnauthorized is off on purpose: an untrusted or expired certificate is the finding,
          // not a failure; trust is reported from `authorized` below.
          const socket = connect({
            host: target.pinned.address,
            port: params.port,
            ...(servername ? { servername } : {}),
            rejectUnauthorized: false,
            // Host-name matching is checked separately below, so `authorized` speaks of the chain only.
            checkServerIdentity: () => undefined,
            ...(secureContext ? { secureContext } : {}),
          });
          const fail = (error: Error) => {
            clearTimeout(timer);
            context.signal?.removeEventListener('abort', onAbort);
            socket.destroy();
            reject(error);
          };
          const onAbort = () => fail(Object.assign(new Error('the call was aborted'), { name: 'AbortError' }));
          const timer = setTimeout(
            () => fail(Object.assign(new Error(`no TLS handshake within ${options.timeoutMs} ms`), { code: 'ETIMEDOUT' })),
            options.timeoutMs,
          );
          context.signal?.addEventListener('abort', onAbort, { once: true });
          socket.once('error', fail);
          socket.once('secureConnect', () => {
            clearTimeout(timer);
            context.signal?.removeEventListener('abort', onAbort);
            const peer = socket.getPeerCertificate(true);
            const result = {
              cert: peer,
              authorized: socket.authorized,
              authorizationError: socket.authorizationError ? String(socket.authorizationError) : undefined,
              protocol: socket.getProtocol(),
            };
            socket.end();
            if (!peer || Object.keys(peer).length === 0) reject(new Error('the server presented no certificate'));
            else resolve(result);
          });
        });
        const identityError = checkServerIdentity(host, cert as PeerCertificate);
        const now = context.now();
        const notAfter = new Date(cert.valid_to);
        const days = daysRemaining(notAfter, now);
        const verified = authorized && identityError === undefined;
        const riskLevel = classifyCertificateRisk(days, verified);
        const sans = (cert.subjectaltname ?? '')
          .split(',')
          .map((entry) => entry.trim())
          .filter((entry) => entry.length > 0);
        const data = {
          host,
          port: params.port,
          address: target.pinned.address,
          protocol,
          status: days < 0 ? 'expired' : verified ? 'valid' : 'verification_failed',
          riskLevel,
          daysRemaining: days,
          notBefore: new Date(cert.valid_from).toISOString(),
          notAfter: notAfter.toISOString(),
          subjectCommonName: field(cert.subject as unknown as Record<string, string>, 'CN') ?? null,
          issuerCommonName: field(cert.issuer as unknown as Record<string, string>, 'CN') ?? null,
          issuerOrganization: field(cert.issuer as unknown as Record<string, string>, 'O') ?? null,
          subjectAltNames: sans.slice(0, 20),
          subjectAltNameCount: sans.length,
          serialNumber: cert.serialNumber,
          fingerprint256: cert.fingerprint256,
          trusted: authorized,
          trustError: authorizationError ?? null,
          hostnameMatch: identityError === undefined,
          hostnameError: identityError?.message ?? null,
          chain: chainOf(cert),
          checkedAt: now.toISOString(),
        };
        const problems = [
          ...(authorized ? [] : [`not trusted (${authorizationError})`]),
          ...(identityError ? ['host name mismatch'] : []),
        ];
        return run.success(
          data,
          `${host}:${params.port} certificate ${riskLevel}: expires ${data.notAfter} (${days} days)` +
            (problems.length > 0 ? `; ${problems.join('; ')}` : ''),
        );
      } catch (error) {
        const info = describeUpstreamError(error);
        return run.error(info.code, `TLS connection to ${host}:${params.port} failed: ${info.message}`, {
          riskLevel: 'UNKNOWN',
          address: target.pinned.address,
        });
      }
    },
  };
}

export { createTlsCertificateTool, tlsCertificateParametersSchema };
export type { TlsCertificateToolOptions, TlsCertificateParameters };
