import { request } from 'node:http';

/** One request sent byte for byte: the path goes out exactly as given (no URL normalisation). */
interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** What came back: status, content type and the body as text. */
interface RawAnswer {
  status: number;
  contentType: string;
  text: string;
}

/**
 * Sends a request with node:http, which unlike fetch keeps `..`, `%zz` and other malformed paths
 * as written, so tests see what the host does with them.
 */
function sendRaw(baseUrl: string, req: RawRequest, timeoutMs = 30000): Promise<RawAnswer> {
  const base = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: base.hostname, port: base.port, method: req.method, path: req.path, headers: { ...(req.body !== undefined ? { 'content-length': String(Buffer.byteLength(req.body)) } : {}), ...req.headers }, agent: false, timeout: timeoutMs },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, contentType: String(response.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`${req.method} ${req.path.slice(0, 80)} got no answer in ${timeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

export { sendRaw };
export type { RawRequest, RawAnswer };
