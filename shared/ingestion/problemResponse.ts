import type { HttpResponseInit, InvocationContext } from '@azure/functions';
import { AppError, ConfigError, IngressError, isRetryable } from '../errors';
import { problem, problemResponse } from '../http/problemResponse';


/**
 * Turns any failure into a problem answer, never a 500: a refused request keeps its 4xx; storage,
 * the Durable client and configuration problems answer 503 with `Retry-After`, the one status
 * every source retries (Azure Monitor retries only 408/429/503/504). Each one is logged as an
 * audit line; messages never carry secrets (the errors are built without them).
 */
function errorResponse(error: unknown, context: InvocationContext, audit: Record<string, unknown>): HttpResponseInit {
  if (error instanceof IngressError) {
    context.warn('ingest rejected', { ...audit, status: error.status, code: error.code, detail: error.message, errors: error.errors });
    return problemResponse(error.toProblem());
  }
  const retryable = isRetryable(error);
  const code = retryable ? 'temporarily-unavailable' : error instanceof ConfigError ? 'not-configured' : 'internal-error';
  const detail = retryable
    ? 'a dependency (storage or the orchestration service) is unavailable; retry the delivery'
    : error instanceof ConfigError
      ? `the receiver is not configured (${error.setting}); retry after the operator fixes it`
      : 'the delivery could not be processed; retry it';
  context.error('ingest failed', { ...audit, code, error: describe(error) });
  return problem(503, code, detail, {}, { 'retry-after': '5' });
}

/** The error chain's names and messages, for the log (our errors never hold secrets). */
function describe(error: unknown): string {
  const parts: string[] = [];
  for (let current: unknown = error, depth = 0; current !== undefined && depth < 5; depth++) {
    if (current instanceof Error) {
      parts.push(`${current.name}: ${current instanceof AppError || depth > 0 ? current.message : current.message.slice(0, 300)}`);
      current = current.cause;
    } else {
      parts.push(String(current));
      current = undefined;
    }
  }
  return parts.join(' <- ');
}

export { errorResponse };
