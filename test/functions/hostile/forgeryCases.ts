import { createHmac } from 'node:crypto';
import { loadEventText } from '../../shared/sources/loadEvent';
import { guid, serviceNowHeaders, PAGERDUTY_SECRETS } from '../ingress/ingestHost';
import type { RawRequest } from '../../helpers/rawHttp';
import { jsonRequest, signedIngest, withKey, type CorpusCase, type CorpusContext, type Expectation } from './corpusRequests';

/** Replays and forgeries of the signed webhooks, in order: the first of each pair is genuine. */
function replayCases(): CorpusCase[] {
  const triggered = loadEventText('pagerduty', 'incident-triggered.json');
  const annotated = loadEventText('pagerduty', 'incident-annotated.json');
  const webhookId = `wh-replay-${guid()}`;
  const genuine = signedIngest('pagerduty', triggered, webhookId);
  const created = loadEventText('servicenow', 'incident-created.json');
  const now = Math.floor(Date.now() / 1000);
  const snAt = (seconds: number): RawRequest => jsonRequest('POST', '/api/ingest/servicenow', created, serviceNowHeaders(created, seconds));
  const tampered = Buffer.from(triggered);
  tampered[tampered.indexOf('"title"') + 10] ^= 1;
  const foreignSecret = `v1=${createHmac('sha256', 'not-our-secret').update(triggered).digest('hex')}`;
  const snGenuine = snAt(now);
  const ordered = (name: string, request: RawRequest, expect: Expectation): CorpusCase => ({ kind: 'replay or forged signature', name, request, expect, ordered: true });
  return [
    ordered('pagerduty genuine delivery', genuine, [202]),
    ordered('pagerduty identical replay (a retry: deduplicated)', genuine, [202]),
    ordered('pagerduty replayed webhook id with another signed event', signedIngest('pagerduty', annotated, webhookId), [409]),
    ordered('pagerduty replay with one byte changed', { ...genuine, body: tampered }, [403]),
    ordered('pagerduty signed with a secret we do not hold', { ...genuine, headers: { ...genuine.headers, 'x-pagerduty-signature': foreignSecret } }, [403]),
    ordered('pagerduty genuine event again under a new webhook id (deduplicated)', signedIngest('pagerduty', triggered, `wh-${guid()}`), [202]),
    ordered('pagerduty with a signature that is not hex', { ...genuine, headers: { ...genuine.headers, 'x-pagerduty-signature': 'v1=zz' } }, '4xx'),
    ordered('pagerduty with a signature of another scheme', { ...genuine, headers: { ...genuine.headers, 'x-pagerduty-signature': `v0=${PAGERDUTY_SECRETS[1]}` } }, '4xx'),
    ordered('servicenow genuine delivery', snGenuine, [202]),
    ordered('servicenow identical replay within the window', snGenuine, '2xx'),
    ordered('servicenow replay with a stale timestamp (one hour old)', snAt(now - 3600), '4xx'),
    ordered('servicenow with a timestamp an hour ahead', snAt(now + 3600), '4xx'),
    ordered('servicenow with the timestamp header changed after signing', { ...snGenuine, headers: { ...snGenuine.headers, 'x-signature-timestamp': String(now + 1) } }, '4xx'),
    ordered('servicenow with a timestamp that is not a number', { ...snGenuine, headers: { ...snGenuine.headers, 'x-signature-timestamp': 'soon' } }, '4xx'),
    ordered('servicenow with the signature of another body', { ...snGenuine, body: `${created} ` }, '4xx'),
    ordered('servicenow without its signature', { ...snGenuine, headers: { 'content-type': 'application/json' } }, '4xx'),
  ];
}

/** Forged decisions on the planted approvals, in order. */
function approvalCases(ctx: CorpusContext): CorpusCase[] {
  const decide = (id: string, body: Record<string, unknown>, key = ctx.functionKey): RawRequest => jsonRequest('POST', withKey(`/api/approvals/${id}`, key), JSON.stringify(body));
  const ordered = (name: string, request: RawRequest, expect: Expectation): CorpusCase => ({ kind: 'forged approval', name, request, expect, ordered: true });
  const form = (id: string, fields: Record<string, string>): RawRequest => ({ method: 'POST', path: withKey(`/api/approvals/${id}`, ctx.functionKey), headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  return [
    ordered('approve an approval that does not exist', decide('apr-0123456789abcdef0123456789abcdef', { decision: 'approve', reason: 'forged' }), [404]),
    ordered('approve with a wrong key', decide(ctx.ownApprovalId, { decision: 'approve', reason: 'forged' }, 'wrong-key'), [401]),
    ordered('approve another investigation’s approval', decide(ctx.foreignApprovalId, { decision: 'approve', reason: 'forged', investigationId: ctx.ownInvestigationId }), [404]),
    ordered('approve another investigation’s approval from a form', form(ctx.foreignApprovalId, { decision: 'approve', reason: 'forged', investigationId: ctx.ownInvestigationId }), [404]),
    ordered('approve with an extra field', decide(ctx.ownApprovalId, { decision: 'approve', reason: 'x', approvedBy: 'admin' }), [400]),
    ordered('approve with a decision that is not one', decide(ctx.ownApprovalId, { decision: 'APPROVE', reason: 'x' }), [400]),
    ordered('approve with a blank reason', decide(ctx.ownApprovalId, { decision: 'approve', reason: '   ' }), [400]),
    ordered('approve with an id of another case', decide(ctx.ownApprovalId.toUpperCase(), { decision: 'approve', reason: 'case' }), [404]),
    ordered('approve for real', decide(ctx.ownApprovalId, { decision: 'approve', reason: 'corpus approves', investigationId: ctx.ownInvestigationId }), [200]),
    ordered('approve twice', decide(ctx.ownApprovalId, { decision: 'approve', reason: 'again' }), [409]),
    ordered('reject after the approval', decide(ctx.ownApprovalId, { decision: 'reject', reason: 'too late' }), [409]),
  ];
}


export { replayCases, approvalCases };
