import type { HttpRequest } from '@azure/functions';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from '../errors';
import type { IngestRequest } from '../sources';

/**
 * Reads the body with a size limit: a declared `Content-Length` over the limit is refused before
 * reading, and the body read is checked again (chunked requests declare no length).
 */
async function readIngestRequest(request: HttpRequest, maxBodyBytes: number): Promise<IngestRequest> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (Number.isFinite(declared) && declared > maxBodyBytes) throw new PayloadTooLargeError(maxBodyBytes);
  const rawBody = Buffer.from(await request.arrayBuffer());
  if (rawBody.length > maxBodyBytes) throw new PayloadTooLargeError(maxBodyBytes);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { method: request.method.toUpperCase(), url: request.url, headers, rawBody };
}

/** Refuses a body whose media type (parameters such as charset ignored) is not one of `accepted`. */
function requireContentType(request: IngestRequest, accepted: readonly string[]): void {
  const header = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  const mediaType = header.split(';')[0]!.trim().toLowerCase();
  if (!accepted.includes(mediaType)) throw new UnsupportedMediaTypeError(mediaType || '(none)', accepted.join(' or '));
}

export { readIngestRequest, requireContentType };
