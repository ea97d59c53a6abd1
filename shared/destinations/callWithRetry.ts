import type { DeliveryError } from './deliveryTypes';
import { HttpCallError, type HttpCallResponse } from './httpCall';

/** How hard a destination tries before it records a failed delivery. */
interface RetryPolicy {
  /** Requests in total, the first included. */
  maxAttempts: number;
  /** First backoff; doubled on every retry (with jitter). */
  baseDelayMs: number;
  /** Longest single wait; a server asking for longer (Retry-After) ends the retries. */
  maxDelayMs: number;
  /** Deadline of each request. */
  timeoutMs: number;
}

const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000, timeoutMs: 15_000 };

/** A finished call: a 2xx response, or the reason it failed (and the last response, if any). */
type CallOutcome =
  /** `alreadyApplied`: the answer was lost but `landed` found the write applied (`response` is then empty). */
  | { ok: true; response: HttpCallResponse; attempts: number; alreadyApplied?: boolean }
  | { ok: false; error: DeliveryError; response?: HttpCallResponse; attempts: number };

/** A failure after which a non-idempotent write may still have landed: no answer, or a 5xx. */
function mayHaveLanded(outcome: CallOutcome): boolean {
  if (outcome.ok) return false;
  const status = outcome.error.httpStatus;
  return status === undefined ? outcome.error.code !== 'aborted' : status >= 500;
}

/** Statuses worth another try: timeouts, rate limits and server-side failures (PagerDuty, ServiceNow, ARM agree). */
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/**
 * How long the server asked us to wait, in ms: `Retry-After` (seconds or an HTTP date),
 * PagerDuty's `ratelimit-reset` (seconds until reset) or ServiceNow's `X-RateLimit-Reset`
 * (Unix time in seconds). `undefined` when the response gives no hint.
 */
function serverDelayMs(response: HttpCallResponse, now: number = Date.now()): number | undefined {
  const header = (name: string): string | undefined => {
    const value = response.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const retryAfter = header('retry-after');
  if (retryAfter !== undefined) {
    if (/^\d+(\.\d+)?$/.test(retryAfter.trim())) return Math.ceil(Number(retryAfter) * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const reset = header('ratelimit-reset');
  if (reset !== undefined && /^\d+$/.test(reset.trim())) return Number(reset) * 1000;
  const unixReset = header('x-ratelimit-reset');
  if (unixReset !== undefined && /^\d+$/.test(unixReset.trim())) return Math.max(0, Number(unixReset) * 1000 - now);
  return undefined;
}

/**
 * The vendor's own error message, from the shapes the destinations use: PagerDuty
 * `{"error":{"message","code","errors"}}`, ServiceNow `{"error":{"message","detail"},"status"}`,
 * ARM `{"error":{"code","message"}}`. Capped, and never the raw body (it may echo our request).
 */
function vendorMessage(response: HttpCallResponse): string {
  try {
    const body = JSON.parse(response.text) as { error?: { message?: unknown; code?: unknown; detail?: unknown; errors?: unknown } };
    const error = body.error;
    if (error && typeof error === 'object') {
      const parts = [error.code !== undefined ? `code ${String(error.code)}` : '', typeof error.message === 'string' ? error.message : ''];
      if (typeof error.detail === 'string') parts.push(error.detail);
      if (Array.isArray(error.errors)) parts.push(error.errors.filter((e) => typeof e === 'string').join('; '));
      const text = parts.filter((part) => part.length > 0).join(': ');
      if (text.length > 0) return text.slice(0, 300);
    }
  } catch {
    // Not JSON: fall through to the status line.
  }
  return `HTTP ${response.status}`;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Sends a request until it gets a 2xx, a non-retryable status, or the policy runs out. Waits
 * the server's hint on 429/503 when it gives one (PagerDuty may send a 429 without headers),
 * else exponential backoff with jitter. Never throws for what the network or the server does.
 * `landed`, for writes that are not idempotent, is asked before repeating a write whose answer
 * was lost (timeout, network error, 5xx); when it finds the write applied, nothing is repeated.
 */
async function callWithRetry(
  send: (timeoutMs: number) => Promise<HttpCallResponse>,
  policy: RetryPolicy,
  signal?: AbortSignal,
  sleep: (ms: number, signal?: AbortSignal) => Promise<void> = defaultSleep,
  landed?: () => Promise<boolean>,
): Promise<CallOutcome> {
  let last: CallOutcome | undefined;
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    let hintMs: number | undefined;
    try {
      const response = await send(policy.timeoutMs);
      if (response.status >= 200 && response.status < 300) return { ok: true, response, attempts: attempt };
      const retryable = isRetryableStatus(response.status);
      const code = response.status === 429 ? 'rate_limited' : `http_${response.status}`;
      last = { ok: false, response, attempts: attempt, error: { code, message: vendorMessage(response), httpStatus: response.status, retryable } };
      if (!retryable) return last;
      hintMs = serverDelayMs(response);
    } catch (error) {
      if (!(error instanceof HttpCallError)) throw error;
      last = { ok: false, attempts: attempt, error: { code: error.kind === 'aborted' ? 'aborted' : error.kind, message: error.message, retryable: error.kind !== 'aborted' } };
      if (error.kind === 'aborted') return last;
    }
    if (attempt === policy.maxAttempts || signal?.aborted) break;
    const backoff = policy.baseDelayMs * 2 ** (attempt - 1);
    const delay = hintMs ?? backoff / 2 + Math.random() * (backoff / 2);
    if (delay > policy.maxDelayMs) {
      last.error = { ...last.error, message: `${last.error.message} (the server asked to wait ${Math.ceil(delay / 1000)} s, longer than this delivery waits)` };
      break;
    }
    await sleep(delay, signal);
    // A non-idempotent write (a note) may have been applied although its answer was lost: ask
    // before sending it again. A 429 or 4xx was not applied, so it needs no check.
    if (landed && mayHaveLanded(last) && (await landed())) return { ok: true, response: { status: 200, headers: {}, text: '' }, alreadyApplied: true, attempts: attempt };
  }
  return last!;
}

export { callWithRetry, serverDelayMs, vendorMessage, isRetryableStatus, DEFAULT_RETRY_POLICY };
export type { RetryPolicy, CallOutcome };
