import type { HttpResponseInit } from '@azure/functions';
import { PROBLEM_TYPE_BASE, titleFor, type ProblemDetails } from '../errors';

/** An `application/problem+json` answer (RFC 9457), never cached. */
function problemResponse(problem: ProblemDetails, headers: Record<string, string> = {}): HttpResponseInit {
  return { status: problem.status, headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...headers }, body: JSON.stringify(problem) };
}

/** A problem answer built from a status, a stable code and a sentence for people (plus extension members). */
function problem(status: number, code: string, detail: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): HttpResponseInit {
  return problemResponse({ type: `${PROBLEM_TYPE_BASE}${code}`, title: titleFor(status), status, detail, ...extra }, headers);
}

export { problemResponse, problem };
