import type { HttpResponseInit, InvocationContext } from '@azure/functions';
import { ConfigError, IngressError, isRetryable } from '../errors';
import { problem, problemResponse } from './problemResponse';

/**
 * The problem answer of an operator route's failure: a refused request keeps its 4xx; storage or
 * the orchestration service down is 503 with `Retry-After`; a missing setting is 503 naming it;
 * anything else is a 500 whose details go to the log only.
 */
function opsFailure(error: unknown, context: InvocationContext, what: string): HttpResponseInit {
  if (error instanceof IngressError) return problemResponse(error.toProblem());
  context.error(`${what} failed`, { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  if (error instanceof ConfigError) return problem(503, 'not-configured', `${what} is not configured (${error.setting})`);
  if (isRetryable(error)) return problem(503, 'temporarily-unavailable', `${what} failed: storage or the orchestration service is unavailable; try again`, {}, { 'retry-after': '5' });
  return problem(500, 'internal-error', `${what} failed`);
}

/** Runs an operator route's handler and answers any failure with {@link opsFailure}. */
function withOpsFailures<Args extends [unknown, InvocationContext]>(what: string, handler: (...args: Args) => Promise<HttpResponseInit>): (...args: Args) => Promise<HttpResponseInit> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      return opsFailure(error, args[1], what);
    }
  };
}

export { opsFailure, withOpsFailures };
