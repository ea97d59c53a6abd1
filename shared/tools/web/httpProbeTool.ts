import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createSecureContext, rootCertificates, type TLSSocket } from 'node:tls';
import { z } from 'zod';
import type { ToolDefinition } from '../tool';
import { startToolRun } from '../toolRun';
import { describeUpstreamError } from '../upstreamError';
import { bareHost, resolveProbeTarget, type HostResolver } from './probeTarget';

const httpProbeParametersSchema = z.object({
  url: z
    .url({ protocol: /^https?$/, error: 'must be an absolute http:// or https:// URL' })
    .describe('Absolute http(s) URL to request, e.g. https://shop.contoso.com/health'),
  method: z.enum(['GET', 'HEAD']).default('GET').describe('GET (default) also returns the start of the body; HEAD only status and headers'),
  timeoutMs: z.number().int().positive().optional().describe('Timeout in milliseconds; capped by the configured probe timeout'),
});

type HttpProbeParameters = z.output<typeof httpProbeParametersSchema>;

/** Settings and seams of the probe. */
interface HttpProbeToolOptions {
  /** Hosts allowed even when they resolve to special-purpose addresses. */
  allowedHosts: ReadonlyArray<string>;
  /** Upper bound of one probe, ms. */
  timeoutMs: number;
  /** How many body bytes the result carries. */
  bodyBytes: number;
  /** Extra trusted CA certificates (PEM), added to the public roots. */
  extraCa?: ReadonlyArray<string> | undefined;
  /** DNS resolver; the system resolver by default. */
  resolver?: HostResolver | undefined;
}

// Headers that help diagnose an endpoint without dumping cookies or large policy headers.
const REPORTED_HEADERS = [
  'content-type',
  'content-length',
  'location',
  'server',
  'date',
  'cache-control',
  'retry-after',
  'www-authenticate',
  'strict-transport-security',
  'via',
  'x-cache',
  'x-azure-ref',
  'x-ms-request-id',
  'x-ms-error-code',
  'x-powered-by',
  'x-request-id',
];

/**
 * `http_probe`: one GET or HEAD to a public URL, reporting status, latency, selected headers and
 * the start of the body. Redirects are reported, never followed (each hop would need its own
 * SSRF check). Private and special-purpose targets are refused unless allow-listed.
 */
function createHttpProbeTool(options: HttpProbeToolOptions): ToolDefinition<typeof httpProbeParametersSchema> {
  const ca = options.extraCa && options.extraCa.length > 0 ? [...rootCertificates, ...options.extraCa] : undefined;
  const secureContext = ca ? createSecureContext({ ca }) : undefined;

  return {
    name: 'http_probe',
    description:
      'Sends one GET or HEAD request to a public http(s) URL and returns the status code, latency (time to first byte and ' +
      'total), selected response headers and the first bytes of the body. Use it to check whether an endpoint named in ' +
      'the incident is up right now, how slow it is, or what error page it serves (e.g. a 502 from a gateway vs a 500 ' +
      'from the app). Redirects are returned with their Location, not followed. Private, loopback and link-local ' +
      'addresses are refused. For certificate expiry or TLS trust problems use tls_certificate instead.',
    readOnly: true,
    parameters: httpProbeParametersSchema,
    auditDescription: (params: HttpProbeParameters) => `HTTP ${params.method} ${params.url}`,
    async execute(params, context) {
      const run = startToolRun({ tool: 'http_probe', invocation: `${params.method} ${params.url}` });
      const url = new URL(params.url);
      if (url.username || url.password) {
        return run.error('invalid_arguments', 'URLs with embedded credentials are not probed; remove the user:password@ part');
      }
      const target = await resolveProbeTarget(url.hostname, options.allowedHosts, options.resolver);
      if (!target.ok) return run.error(target.code, target.message);
      const timeoutMs = Math.min(params.timeoutMs ?? options.timeoutMs, options.timeoutMs);
      const host = bareHost(url.hostname);
      const signals = [AbortSignal.timeout(timeoutMs), ...(context.signal ? [context.signal] : [])];
      const signal = AbortSignal.any(signals);
      const started = performance.now();
      try {
        const { response, firstByteMs } = await new Promise<{ response: IncomingMessage; firstByteMs: number }>((resolve, reject) => {
          const common = {
            method: params.method,
            host: target.pinned.address,
            family: target.pinned.family,
            port: url.port ? Number(url.port) : undefined,
            path: `${url.pathname}${url.search}`,
            headers: { host: url.host, 'user-agent': 'azure-incident-responder-probe/1', accept: '*/*' },
            signal,
          };
          const req =
            url.protocol === 'https:'
              ? httpsRequest({ ...common, servername: isIP(host) ? undefined : host, ...(secureContext ? { secureContext } : {}) })
              : httpRequest(common);
          req.once('response', (res) => resolve({ response: res, firstByteMs: performance.now() - started }));
          req.once('error', reject);
          req.end();
        });
        const head = await readHead(response, params.method === 'HEAD' ? 0 : options.bodyBytes, signal);
        const totalMs = performance.now() - started;
        const headers: Record<string, string> = {};
        for (const name of REPORTED_HEADERS) {
          const value = response.headers[name];
          if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        const socket = response.socket as TLSSocket | null;
        const data = {
          url: params.url,
          method: params.method,
          address: target.pinned.address,
          status: response.statusCode ?? 0,
          statusText: response.statusMessage ?? '',
          latencyMs: { firstByte: Math.round(firstByteMs), total: Math.round(totalMs) },
          headers,
          ...(params.method === 'GET' ? { bodyHead: head.text, bodyTruncated: head.truncated } : {}),
          ...(url.protocol === 'https:' && socket && typeof socket.getProtocol === 'function'
            ? { tls: { protocol: socket.getProtocol(), authorized: socket.authorized } }
            : {}),
        };
        const redirect = headers.location ? ` → ${headers.location}` : '';
        return run.success(data, `${params.method} ${params.url}: HTTP ${data.status} ${data.statusText}${redirect} in ${data.latencyMs.total} ms`);
      } catch (error) {
        const info = describeUpstreamError(error);
        const timedOut = signal.aborted && !(context.signal?.aborted ?? false);
        const code = timedOut ? 'timeout' : info.code;
        const message = timedOut ? `no complete response within ${timeoutMs} ms` : info.message;
        const hint = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i.test(info.code) ? ' (run tls_certificate on this host for details)' : '';
        return run.error(code, `${message}${hint}`, { address: target.pinned.address });
      }
    },
  };
}

/** Reads at most `limit` bytes of the body as UTF-8, then drops the connection. */
async function readHead(response: IncomingMessage, limit: number, signal: AbortSignal): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  try {
    for await (const chunk of response) {
      if (signal.aborted) break;
      const buffer = chunk as Buffer;
      chunks.push(buffer);
      size += buffer.length;
      if (size > limit) {
        truncated = true;
        break;
      }
    }
  } finally {
    response.destroy();
  }
  const all = Buffer.concat(chunks);
  return { text: all.subarray(0, limit).toString('utf8'), truncated: truncated || all.length > limit };
}

export { createHttpProbeTool, httpProbeParametersSchema };
export type { HttpProbeToolOptions, HttpProbeParameters };
