/** An upstream failure as the model sees it: nothing redacted here (a redaction layer runs later). */
interface UpstreamErrorInfo {
  /** Stable code: the service's error code, a Node network code, `timeout`, `aborted` or `upstream_error`. */
  code: string;
  message: string;
  /** HTTP status when the service answered. */
  status?: number;
  /** The service's structured error body (e.g. `{ code, message, innererror }`), when there is one. */
  body?: unknown;
}

function readProperty(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function parseMaybeJson(text: unknown): unknown {
  if (typeof text !== 'string' || text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.slice(0, 2000);
  }
}

/**
 * Reads what went wrong from whatever an SDK threw: core-rest-pipeline and ms-rest-js
 * `RestError` (status, code, body), Node network errors (`ECONNREFUSED`), aborts and timeouts.
 * Innermost service messages are preferred because "Bad Request" alone does not let the model
 * correct its query.
 */
function describeUpstreamError(error: unknown): UpstreamErrorInfo {
  // Duck-typed rather than `instanceof Error`: errors from Node core or another realm (Jest's VM
  // context, a second copy of an SDK) fail the instanceof check but carry the same fields.
  const message = readProperty(error, 'message');
  if (typeof message !== 'string') return { code: 'upstream_error', message: String(error) };
  const name = String(readProperty(error, 'name') ?? 'Error');
  const status = readProperty(error, 'statusCode');
  const body =
    readProperty(error, 'details') ??
    readProperty(error, 'body') ??
    parseMaybeJson(readProperty(readProperty(error, 'response'), 'bodyAsText'));
  const inner = readProperty(body, 'error') ?? body;
  const serviceMessage = readProperty(inner, 'message');
  const innerMost = readProperty(readProperty(inner, 'innererror'), 'message');
  const serviceCode = readProperty(inner, 'code');
  const rawCode = readProperty(error, 'code');
  const aborted = name === 'AbortError' || rawCode === 'ABORT_ERR';
  const timedOut = rawCode === 'ETIMEDOUT' || name === 'TimeoutError' || /timed? ?out/i.test(message);
  const code =
    typeof serviceCode === 'string' && serviceCode
      ? serviceCode
      : aborted
        ? 'aborted'
        : timedOut
          ? 'timeout'
          : typeof rawCode === 'string' && rawCode
            ? rawCode
            : 'upstream_error';
  const parts = [typeof serviceMessage === 'string' && serviceMessage ? serviceMessage : message];
  if (typeof innerMost === 'string' && innerMost && innerMost !== parts[0]) parts.push(innerMost);
  const info: UpstreamErrorInfo = { code, message: parts.join(': ') };
  if (typeof status === 'number') info.status = status;
  if (body !== undefined) info.body = body;
  return info;
}

export { describeUpstreamError };
export type { UpstreamErrorInfo };
