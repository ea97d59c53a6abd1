import type { HttpRequest } from '@azure/functions';
import { PayloadTooLargeError, ValidationError } from '../errors';

/**
 * The body as text, refused with 413 when it is over `limitBytes`: an operator route takes a
 * small JSON document, never megabytes.
 */
async function readBodyText(request: HttpRequest, limitBytes: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limitBytes) throw new PayloadTooLargeError(limitBytes);
  const text = await request.text();
  if (Buffer.byteLength(text) > limitBytes) throw new PayloadTooLargeError(limitBytes);
  return text;
}

/** The body parsed as JSON (at most `limitBytes`); `ValidationError` (400) when it is not JSON. */
async function readJsonBody(request: HttpRequest, limitBytes: number): Promise<unknown> {
  const text = await readBodyText(request, limitBytes);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ValidationError('the body is not valid JSON', [{ path: '', message: 'invalid JSON' }], { cause: error });
  }
}

export { readBodyText, readJsonBody };
