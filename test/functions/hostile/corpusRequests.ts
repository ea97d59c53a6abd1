import { pagerDutyHeaders, serviceNowHeaders } from '../ingress/ingestHost';
import type { RawRequest } from '../../helpers/rawHttp';

/**
 * The hostile corpus: requests over every route of the app, each with the answer it must get.
 * `4xx`/`2xx` accept any status of that class; a list accepts exactly those statuses; `any`
 * accepts whatever is not a 5xx (cases whose right answer another part of the app decides, such
 * as how long a field may be). Every case must be answered, and never with a 5xx.
 */
type Expectation = '2xx' | '4xx' | 'any' | readonly number[];

interface CorpusCase {
  /** The class of attack, for the summary and for failures. */
  kind: string;
  name: string;
  request: RawRequest;
  expect: Expectation;
  /** Cases that depend on the state earlier ones leave (replays, approving twice) run in order after the rest. */
  ordered?: boolean;
  /**
   * Headers too large to read: Node's server answers 431 and closes while the client may still be
   * sending, so the client can see the reset instead of the answer. Either is a refusal, not a 5xx.
   */
  refusedByReset?: boolean;
}

/** What the corpus is built against: the host's keys and the records planted before it runs. */
interface CorpusContext {
  functionKey: string;
  masterKey: string;
  /** A container that is not the app's, holding a sentinel blob at `victim/report.json`. */
  otherContainer: string;
  /** An investigation id whose report, audit and path hold the sentinel; no case may read it. */
  victimId: string;
  /** The running investigation of the setup alert, and one of its incident record ids. */
  ownInvestigationId: string;
  ownIncidentId: string;
  /** Pending approvals: `own` waits on the running investigation, `foreign` belongs to the victim. */
  ownApprovalId: string;
  foreignApprovalId: string;
}

function withKey(path: string, key: string): string {
  return `${path}${path.includes('?') ? '&' : '?'}code=${encodeURIComponent(key)}`;
}

function jsonRequest(method: string, path: string, body: string | Buffer, headers: Record<string, string> = {}): RawRequest {
  return { method, path, headers: { 'content-type': 'application/json', ...headers }, body };
}

/** JSON nested `depth` levels: `{"a":{"a":...}}` or `[[...]]`. */
function deepJson(depth: number, shape: 'object' | 'array'): string {
  return shape === 'object' ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}1${']'.repeat(depth)}`;
}

/** Signed bodies for the two HMAC routes, so their content reaches the parser. */
function signedIngest(route: 'pagerduty' | 'servicenow', body: string | Buffer, webhookId: string): RawRequest {
  const headers = route === 'pagerduty' ? pagerDutyHeaders(body, webhookId) : serviceNowHeaders(body.toString());
  return jsonRequest('POST', `/api/ingest/${route}`, body, headers);
}

function withType(request: RawRequest, contentType: string): RawRequest {
  return { ...request, headers: { ...request.headers, 'content-type': contentType } };
}

/** True when `status` is what `expect` allows. */
function meets(status: number, expect: Expectation): boolean {
  if (expect === 'any') return status >= 200 && status < 500;
  if (expect === '2xx') return status >= 200 && status < 300;
  if (expect === '4xx') return status >= 400 && status < 500;
  return expect.includes(status);
}

export { withKey, jsonRequest, deepJson, signedIngest, withType, meets };
export type { CorpusCase, CorpusContext, Expectation };
