import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';

/** One HTTP request to a destination. */
interface HttpCallRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Whole-request deadline (connect, send, receive). */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Extra trusted CA certificates (PEM), added to the public roots; for local fakes over HTTPS. */
  extraCa?: readonly string[];
}

/** The response; header names lower-cased, body as text. */
interface HttpCallResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** A request that got no HTTP response: timed out, connection failed or cancelled. */
class HttpCallError extends Error {
  public readonly kind: 'timeout' | 'network' | 'aborted';

  public constructor(kind: 'timeout' | 'network' | 'aborted', message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'HttpCallError';
    this.kind = kind;
  }
}

/** Largest response body kept: destinations answer with small JSON; anything longer is cut. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * Sends one request with Node's own http/https (no retries: `callWithRetry` decides). Kept this
 * small on purpose: the destinations need a deadline, cancellation and an extra CA, nothing else.
 */
function httpCall(req: HttpCallRequest): Promise<HttpCallResponse> {
  const url = new URL(req.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers: Record<string, string> = { ...req.headers };
  if (req.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(req.body, 'utf8'));
  return new Promise<HttpCallResponse>((resolve, reject) => {
    if (req.signal?.aborted) {
      reject(new HttpCallError('aborted', 'the request was cancelled before it was sent'));
      return;
    }
    const outgoing = send(url, {
      method: req.method,
      headers,
      ...(url.protocol === 'https:' && req.extraCa && req.extraCa.length > 0 ? { ca: [...rootCertificates, ...req.extraCa] } : {}),
    });
    let settled = false;
    const finish = (error: HttpCallError | undefined, response?: HttpCallResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      if (error) {
        outgoing.destroy();
        reject(error);
      } else resolve(response!);
    };
    const timer = setTimeout(() => finish(new HttpCallError('timeout', `no response within ${req.timeoutMs} ms`)), req.timeoutMs);
    const onAbort = (): void => finish(new HttpCallError('aborted', 'the request was cancelled'));
    req.signal?.addEventListener('abort', onAbort, { once: true });
    outgoing.on('error', (cause) => finish(new HttpCallError('network', `connection failed: ${cause.message}`, { cause })));
    outgoing.on('response', (incoming) => {
      const chunks: Buffer[] = [];
      let size = 0;
      incoming.on('data', (chunk: Buffer) => {
        if (size < MAX_RESPONSE_BYTES) chunks.push(chunk);
        size += chunk.length;
      });
      incoming.on('error', (cause) => finish(new HttpCallError('network', `response interrupted: ${cause.message}`, { cause })));
      incoming.on('end', () =>
        finish(undefined, { status: incoming.statusCode ?? 0, headers: incoming.headers, text: Buffer.concat(chunks).toString('utf8').slice(0, MAX_RESPONSE_BYTES) }),
      );
    });
    outgoing.end(req.body);
  });
}

export { httpCall, HttpCallError };
export type { HttpCallRequest, HttpCallResponse };
