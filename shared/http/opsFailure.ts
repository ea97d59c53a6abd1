import type { HttpResponseInit, InvocationContext } from '@azure/functions';
import { ConfigError, IngressError, isRetryable, PROBLEM_TYPE_BASE, titleFor, type ProblemDetails } from '../errors';
import { problemResponse } from './problemResponse';

/**
 * The problem an operator route's failure answers with: a refused request keeps its 4xx; storage
 * or the orchestration service down is 503 with `Retry-After`; a missing setting is 503 naming it;
 * anything else is a 500 whose details go to the log only.
 */
function opsProblem(error: unknown, context: InvocationContext, what: string): { problem: ProblemDetails; headers: Record<string, string> } {
  if (error instanceof IngressError) return { problem: error.toProblem(), headers: {} };
  context.error(`${what} failed`, { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  const answer = (status: number, code: string, detail: string): ProblemDetails => ({ type: `${PROBLEM_TYPE_BASE}${code}`, title: titleFor(status), status, detail });
  if (error instanceof ConfigError) return { problem: answer(503, 'not-configured', `${what} is not configured (${error.setting})`), headers: {} };
  if (isRetryable(error)) return { problem: answer(503, 'temporarily-unavailable', `${what} failed: storage or the orchestration service is unavailable; try again`), headers: { 'retry-after': '5' } };
  return { problem: answer(500, 'internal-error', `${what} failed`), headers: {} };
}

/** {@link opsProblem} as a problem+json answer. */
function opsFailure(error: unknown, context: InvocationContext, what: string): HttpResponseInit {
  const { problem, headers } = opsProblem(error, context, what);
  return problemResponse(problem, headers);
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

export { opsProblem, opsFailure, withOpsFailures };
