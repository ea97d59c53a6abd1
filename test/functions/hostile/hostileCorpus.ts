/** The hostile corpus, built per class of attack; `corpusRequests.ts` says what each case expects and `forgeryCases.ts` holds the replays and forged approvals. */
import { loadEventText } from '../../shared/sources/loadEvent';
import { azureMonitorAlert, guid, pagerDutyHeaders } from '../ingress/ingestHost';
import type { RawRequest } from '../../helpers/rawHttp';
import { deepJson, jsonRequest, meets, signedIngest, withKey, withType, type CorpusCase, type CorpusContext } from './corpusRequests';
import { approvalCases, replayCases } from './forgeryCases';

const MALFORMED_ENCODINGS = ['%zz', '%E2%82', '%', 'a%2', '%G0', '%%', '%C3%28', '%ED%A0%80', '%FF', 'x%u0041'];

/** Ids that must never reach storage or Durable as they are (sent as raw path segments). */
function hostileIds(ctx: CorpusContext): Array<{ id: string; mustBe400: boolean }> {
  const victim = ctx.victimId;
  const encoded = [
    '..%2F..%2Fx',
    `..%2F..%2F${ctx.otherContainer}%2Fvictim`,
    `..%2F${victim}`,
    `%2E%2E%2F${victim}`,
    `${ctx.ownInvestigationId}%2F..%2F${victim}`,
    `${victim}%2Fx%2F..`,
    '%25',
    '%2525',
    'a%2Fb',
    'a%5Cb',
    'x%3Fy',
    'x%23y',
    '%00',
    'a%0Ab',
    '%20',
    'x%27or%271%27eq%271',
    '%F0%9F%92%A9',
    '%C0%AF',
    '-leading-dash',
    'a'.repeat(300),
    `${victim}%2F`,
  ];
  // Literal dot segments are normalised away by URL parsing and may land on another route (the
  // list of investigations, say), which is then what was asked for: any answer but a 5xx.
  const literal = ['..', '.', `${victim}/..`, `..;`, '*'];
  return [...encoded.map((id) => ({ id, mustBe400: true })), ...literal.map((id) => ({ id, mustBe400: false }))];
}

interface IdRoute {
  method: string;
  path: (id: string) => string;
  key: 'function' | 'master';
  body?: string;
}

function idRoutes(): IdRoute[] {
  const decision = JSON.stringify({ decision: 'approve', reason: 'corpus' });
  return [
    { method: 'GET', path: (id) => `/api/incidents/${id}`, key: 'function' },
    { method: 'GET', path: (id) => `/api/incidents/${id}/raw`, key: 'master' },
    { method: 'GET', path: (id) => `/api/investigations/${id}`, key: 'function' },
    { method: 'GET', path: (id) => `/api/investigations/${id}/report.json`, key: 'function' },
    { method: 'GET', path: (id) => `/api/investigations/${id}/report.md`, key: 'function' },
    { method: 'POST', path: (id) => `/api/investigations/${id}/terminate`, key: 'function' },
    { method: 'GET', path: (id) => `/api/approvals/${id}`, key: 'function' },
    { method: 'POST', path: (id) => `/api/approvals/${id}`, key: 'function', body: decision },
  ];
}

function idCases(ctx: CorpusContext): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const route of idRoutes()) {
    const key = route.key === 'master' ? ctx.masterKey : ctx.functionKey;
    for (const { id, mustBe400 } of hostileIds(ctx)) {
      const request = route.body !== undefined ? jsonRequest(route.method, withKey(route.path(id), key), route.body) : { method: route.method, path: withKey(route.path(id), key) };
      cases.push({ kind: 'hostile id', name: `${route.method} ${route.path('{id}')} id=${id.slice(0, 60)}`, request, expect: mustBe400 ? [400] : 'any' });
    }
    for (const bad of MALFORMED_ENCODINGS) {
      cases.push({ kind: 'malformed encoding', name: `${route.method} ${route.path(bad)} keyed`, request: { method: route.method, path: withKey(route.path(bad), key), ...(route.body ? { body: route.body } : {}) }, expect: [400] });
      cases.push({ kind: 'malformed encoding', name: `${route.method} ${route.path(bad)} keyless`, request: { method: route.method, path: route.path(bad), ...(route.body ? { body: route.body } : {}) }, expect: [400] });
    }
  }
  return cases;
}

function queryCases(ctx: CorpusContext): CorpusCase[] {
  const k = ctx.functionKey;
  const bad: Array<[string, string]> = [
    ['GET', '/api/investigations?source=evil'],
    ['GET', '/api/investigations?source=..%2F..'],
    ['GET', '/api/investigations?status=Bogus'],
    ['GET', '/api/investigations?status=Running,,Nope'],
    ['GET', '/api/investigations?from=yesterday'],
    ['GET', '/api/investigations?to=2026-13-45T99:99:99Z'],
    ['GET', '/api/investigations?stauts=Running'],
    ['GET', '/api/investigations?source=pagerduty&source=servicenow'],
    ['GET', `/api/investigations?source=${'x'.repeat(5000)}`],
    ['GET', '/api/incidents?limit=0'],
    ['GET', '/api/incidents?limit=-1'],
    ['GET', '/api/incidents?limit=abc'],
    ['GET', '/api/incidents?limit=1e9'],
    ['GET', '/api/incidents?source=nagios'],
    ['GET', '/api/incidents?status=exploded'],
    ['GET', '/api/incidents?investigationId=..%2Fx'],
    ['GET', "/api/incidents?investigationId=x'%20or%20'1'%20eq%20'1"],
    ['GET', '/api/incidents?filter=PartitionKey%20ne%20%27%27'],
    ['GET', '/api/approvals'],
    ['GET', '/api/approvals?investigation=a%2Fb'],
    ['GET', "/api/approvals?investigation=x'%20or%20'1'%20eq%20'1"],
    ['GET', '/api/approvals?investigation=ok&investigation=ok2'],
    ['GET', '/api/audit'],
    ['GET', '/api/audit?investigation=..%2Fx'],
    ['GET', `/api/audit?investigation=${ctx.victimId}%2F..%2F${ctx.ownInvestigationId}`],
    ['GET', '/api/audit?investigation=%00'],
    ['GET', '/api/memory/..%2Fx'],
    ['DELETE', '/api/memory/..%2Fx'],
    ['GET', '/api/memory?service=x&service=y'],
    ['GET', '/api/memory/learnings?limit=0'],
    ['GET', `/api/investigations/${ctx.ownInvestigationId}?expand=all`],
    ['GET', `/api/incidents/${ctx.ownIncidentId}?x=1`],
  ];
  const cases: CorpusCase[] = bad.map(([method, path]) => ({ kind: 'bad query parameter', name: `${method} ${path.slice(0, 90)}`, request: { method, path: withKey(path, k) }, expect: [400] }));
  cases.push({ kind: 'bad query parameter', name: 'terminate with a 5,000-character reason', request: { method: 'POST', path: withKey(`/api/investigations/${ctx.ownInvestigationId}/terminate?reason=${'r'.repeat(5000)}`, k) }, expect: [400] });
  cases.push({ kind: 'bad query parameter', name: 'terminate with an unknown parameter', request: { method: 'POST', path: withKey(`/api/investigations/${ctx.ownInvestigationId}/terminate?force=true`, k) }, expect: [400] });
  return cases;
}

/** Every route, for key and method cases. */
const KEYED_ROUTES: Array<{ method: string; path: string; level: 'function' | 'admin' }> = [
  { method: 'GET', path: '/api/incidents', level: 'function' },
  { method: 'GET', path: '/api/incidents/azure-monitor_0_00000000000000000000000000000000', level: 'function' },
  { method: 'GET', path: '/api/incidents/azure-monitor_0_00000000000000000000000000000000/raw', level: 'admin' },
  { method: 'GET', path: '/api/investigations', level: 'function' },
  { method: 'POST', path: '/api/investigations', level: 'function' },
  { method: 'GET', path: '/api/investigations/manual-x', level: 'function' },
  { method: 'GET', path: '/api/investigations/manual-x/report.md', level: 'function' },
  { method: 'POST', path: '/api/investigations/manual-x/terminate', level: 'function' },
  { method: 'GET', path: '/api/approvals?investigation=x', level: 'function' },
  { method: 'GET', path: '/api/approvals/apr-00000000000000000000000000000000', level: 'function' },
  { method: 'POST', path: '/api/approvals/apr-00000000000000000000000000000000', level: 'function' },
  { method: 'GET', path: '/api/audit?investigation=x', level: 'function' },
  { method: 'GET', path: '/api/memory', level: 'function' },
  { method: 'GET', path: '/api/memory/manual-x', level: 'function' },
  { method: 'DELETE', path: '/api/memory/manual-x', level: 'function' },
  { method: 'POST', path: '/api/memory/facts', level: 'function' },
  { method: 'GET', path: '/api/memory/learnings', level: 'function' },
  { method: 'POST', path: '/api/ingest/azure-monitor', level: 'function' },
  { method: 'POST', path: '/api/ingest/cloudevents', level: 'function' },
  { method: 'OPTIONS', path: '/api/ingest/cloudevents', level: 'function' },
  { method: 'POST', path: '/runtime/webhooks/eventgrid?functionName=eventGridIngest', level: 'admin' },
  { method: 'GET', path: '/runtime/webhooks/durabletask/instances', level: 'admin' },
  { method: 'GET', path: '/admin/functions', level: 'admin' },
];

function keyCases(ctx: CorpusContext): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const route of KEYED_ROUTES) {
    const body = route.method === 'POST' ? '{}' : undefined;
    const base = { method: route.method, ...(body ? { body, headers: { 'content-type': 'application/json' } } : {}) };
    cases.push({ kind: 'missing or wrong key', name: `${route.method} ${route.path} without a key`, request: { ...base, path: route.path }, expect: [401] });
    cases.push({ kind: 'missing or wrong key', name: `${route.method} ${route.path} with a wrong key`, request: { ...base, path: withKey(route.path, 'not-the-key') }, expect: [401] });
    cases.push({ kind: 'missing or wrong key', name: `${route.method} ${route.path} with a wrong key header`, request: { ...base, path: route.path, headers: { ...(base.headers ?? {}), 'x-functions-key': `${ctx.functionKey}x` } }, expect: [401] });
    cases.push({ kind: 'missing or wrong key', name: `${route.method} ${route.path} with an empty key`, request: { ...base, path: withKey(route.path, '') }, expect: [401] });
    if (route.level === 'admin') cases.push({ kind: 'missing or wrong key', name: `${route.method} ${route.path} with a function key`, request: { ...base, path: withKey(route.path, ctx.functionKey) }, expect: [401] });
  }
  return cases;
}

function methodCases(ctx: CorpusContext): CorpusCase[] {
  const routes: Array<[string, string[]]> = [
    ['/api/health', ['POST', 'DELETE']],
    ['/api/ingest/azure-monitor', ['GET', 'PUT', 'DELETE']],
    ['/api/ingest/pagerduty', ['GET', 'PATCH']],
    ['/api/ingest/servicenow', ['GET', 'PUT']],
    ['/api/ingest/cloudevents', ['GET', 'DELETE']],
    ['/api/incidents', ['POST', 'DELETE']],
    [`/api/incidents/${ctx.ownIncidentId}`, ['DELETE', 'PUT']],
    ['/api/investigations', ['PUT', 'DELETE', 'PATCH']],
    [`/api/investigations/${ctx.ownInvestigationId}`, ['DELETE', 'POST']],
    [`/api/investigations/${ctx.ownInvestigationId}/terminate`, ['GET']],
    ['/api/approvals', ['POST', 'DELETE']],
    [`/api/approvals/${ctx.ownApprovalId}`, ['PUT', 'DELETE']],
    ['/api/audit', ['POST', 'DELETE']],
    ['/api/memory', ['POST', 'DELETE']],
    ['/api/memory/manual-x', ['PUT', 'POST']],
  ];
  const cases: CorpusCase[] = [];
  for (const [path, methods] of routes) {
    // 404 where another route takes the path with any method (`investigations/{id}/{file}` for GET .../terminate).
    for (const method of methods) cases.push({ kind: 'wrong method', name: `${method} ${path}`, request: { method, path: withKey(path, ctx.masterKey) }, expect: [404, 405] });
  }
  // The site root opens the dashboard (the devhost redirects it, keeping the key in the query).
  cases.push({ kind: 'unknown route', name: 'GET /', request: { method: 'GET', path: withKey('/', ctx.functionKey) }, expect: [302] });
  for (const path of ['/api/nope', '/api/investigations/a/b/c/d', '/api', '/api/ingest/nagios']) {
    cases.push({ kind: 'unknown route', name: `GET ${path}`, request: { method: 'GET', path: withKey(path, ctx.functionKey) }, expect: '4xx' });
  }
  // Empty segments collapse, as in the Functions host: this is the list of incidents.
  cases.push({ kind: 'unknown route', name: 'GET /api//incidents', request: { method: 'GET', path: withKey('/api//incidents', ctx.functionKey) }, expect: 'any' });
  return cases;
}

function bodyCases(ctx: CorpusContext): CorpusCase[] {
  const k = ctx.functionKey;
  const cases: CorpusCase[] = [];
  const posts: Array<{ name: string; make: (body: string | Buffer, contentType?: string) => RawRequest }> = [
    { name: 'azure-monitor', make: (body, type = 'application/json') => ({ method: 'POST', path: withKey('/api/ingest/azure-monitor', k), headers: { 'content-type': type }, body }) },
    { name: 'cloudevents', make: (body, type = 'application/cloudevents+json') => ({ method: 'POST', path: withKey('/api/ingest/cloudevents', k), headers: { 'content-type': type }, body }) },
    { name: 'pagerduty', make: (body, type = 'application/json') => withType(signedIngest('pagerduty', body, `wh-corpus-${guid()}`), type) },
    { name: 'servicenow', make: (body, type = 'application/json') => withType(signedIngest('servicenow', body, 'x'), type) },
    { name: 'investigations', make: (body, type = 'application/json') => ({ method: 'POST', path: withKey('/api/investigations', k), headers: { 'content-type': type }, body }) },
    { name: 'approvals', make: (body, type = 'application/json') => ({ method: 'POST', path: withKey(`/api/approvals/${ctx.ownApprovalId}`, k), headers: { 'content-type': type }, body }) },
    { name: 'memory facts', make: (body, type = 'application/json') => ({ method: 'POST', path: withKey('/api/memory/facts', k), headers: { 'content-type': type }, body }) },
  ];
  for (const post of posts) {
    for (const [label, body] of [['empty', ''], ['null', 'null'], ['an array', '[]'], ['an empty object', '{}'], ['a string', '"x"'], ['a number', '1'], ['truncated JSON', '{"a":'], ['not JSON', 'hello'], ['a BOM and garbage', '\ufeff{,}'], ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d])]] as const) {
      cases.push({ kind: 'empty or malformed body', name: `POST ${post.name} with ${label}`, request: post.make(body), expect: '4xx' });
    }
    for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded']) {
      if (post.name === 'approvals' && type === 'application/x-www-form-urlencoded') continue;
      const body = post.name === 'approvals' ? JSON.stringify({ decision: 'approve', reason: 'wrong type' }) : azureMonitorAlert(guid());
      cases.push({ kind: 'wrong content type', name: `POST ${post.name} as ${type}`, request: post.make(body, type), expect: '4xx' });
    }
    cases.push({ kind: 'deep JSON', name: `POST ${post.name} with arrays 20,000 deep`, request: post.make(deepJson(20_000, 'array')), expect: '4xx' });
    cases.push({ kind: 'deep JSON', name: `POST ${post.name} with objects 20,000 deep`, request: post.make(deepJson(20_000, 'object')), expect: '4xx' });
    cases.push({ kind: 'oversized body', name: `POST ${post.name} with 1.5 MiB`, request: post.make(JSON.stringify({ pad: 'x'.repeat(1.5 * 1024 * 1024) })), expect: [413] });
  }
  // The body limit of the host itself: a declared length over 100 MiB is refused before any byte of it is read.
  cases.push({ kind: 'oversized body', name: 'declared 200 MB body', request: { method: 'POST', path: withKey('/api/ingest/azure-monitor', k), headers: { 'content-type': 'application/json', 'content-length': String(200 * 1024 * 1024) }, body: '{}' }, expect: [413] });
  // Deep JSON inside fields the schemas pass through (details, custom properties).
  // Spliced in as text: JSON.stringify itself cannot serialise nesting this deep.
  const incident = JSON.parse(loadEventText('azure-monitor', 'metric.json')) as { data: { alertContext: unknown } };
  incident.data.alertContext = 'DEEP';
  cases.push({ kind: 'deep JSON', name: 'azure-monitor alert whose alertContext is 5,000 deep', request: posts[0]!.make(JSON.stringify(incident).replace('"DEEP"', deepJson(5_000, 'object'))), expect: '4xx' });
  cases.push({ kind: 'deep JSON', name: 'investigation whose incident signal details are 20,000 deep', request: posts[4]!.make(`{"incident":{"schemaVersion":1,"signals":[{"type":"x","details":${deepJson(20_000, 'object')}}]}}`), expect: '4xx' });
  return cases;
}

function longFieldCases(ctx: CorpusContext): CorpusCase[] {
  const k = ctx.functionKey;
  const alert = (mutate: (essentials: Record<string, unknown>) => void): string => {
    const parsed = JSON.parse(azureMonitorAlert(guid())) as { data: { essentials: Record<string, unknown> } };
    mutate(parsed.data.essentials);
    return JSON.stringify(parsed);
  };
  const long = 'L'.repeat(900 * 1024);
  const bodies: Array<[string, string]> = [
    ['a 900 KiB alert rule name', alert((e) => (e.alertRule = long))],
    ['a 900 KiB description', alert((e) => (e.description = long))],
    ['a 900 KiB alert id', alert((e) => (e.alertId = `/subscriptions/x/providers/Microsoft.AlertsManagement/alerts/${long}`))],
    ['50,000 target resources', alert((e) => (e.alertTargetIDs = Array.from({ length: 50_000 }, (_, i) => `/subscriptions/s/resourcegroups/r/providers/p/t/n${i}`)))],
    ['a 900 KiB severity', alert((e) => (e.severity = long))],
  ];
  const cases: CorpusCase[] = bodies.map(([label, body]) => ({ kind: 'long field', name: `azure-monitor with ${label}`, request: jsonRequest('POST', withKey('/api/ingest/azure-monitor', k), body), expect: 'any' }));
  const triggered = JSON.parse(loadEventText('pagerduty', 'incident-triggered.json')) as { event: { data: Record<string, unknown> } };
  triggered.event.data.title = long;
  cases.push({ kind: 'long field', name: 'pagerduty with a 900 KiB title', request: signedIngest('pagerduty', JSON.stringify(triggered), `wh-long-${guid()}`), expect: 'any' });
  const created = JSON.parse(loadEventText('servicenow', 'incident-created.json')) as Record<string, unknown>;
  created.short_description = long;
  cases.push({ kind: 'long field', name: 'servicenow with a 900 KiB short description', request: signedIngest('servicenow', JSON.stringify(created), 'x'), expect: 'any' });
  cases.push({ kind: 'long field', name: 'approval reason of 10,000 characters', request: jsonRequest('POST', withKey(`/api/approvals/${ctx.ownApprovalId}`, k), JSON.stringify({ decision: 'approve', reason: 'r'.repeat(10_000) })), expect: [400] });
  return cases;
}

/** Event Grid: the webhook's handshake, bad deliveries and arrays over Event Grid's own 5,000-event batch limit. */
function eventGridCases(ctx: CorpusContext): CorpusCase[] {
  const path = withKey('/runtime/webhooks/eventgrid?functionName=eventGridIngest', ctx.masterKey);
  const health = JSON.parse(loadEventText('event-grid', 'resource-health.json')) as Record<string, unknown>;
  const many = (count: number): string => JSON.stringify(Array.from({ length: count }, (_, i) => ({ ...health, id: `corpus-${i}` })));
  const cloud = JSON.parse(loadEventText('event-grid', 'resource-annotated-cloudevent.json')) as Record<string, unknown>;
  const cloudBatch = (count: number): string => JSON.stringify(Array.from({ length: count }, (_, i) => ({ ...cloud, id: `corpus-${i}` })));
  const notification = { 'content-type': 'application/json', 'aeg-event-type': 'Notification' };
  return [
    { kind: 'event grid', name: 'webhook with an unknown aeg-event-type', request: { method: 'POST', path, headers: { 'content-type': 'application/json', 'aeg-event-type': 'Bogus' }, body: '[]' }, expect: [400] },
    { kind: 'event grid', name: 'webhook with invalid JSON', request: { method: 'POST', path, headers: notification, body: '[{' }, expect: [400] },
    { kind: 'event grid', name: 'webhook validation without a code', request: { method: 'POST', path, headers: { 'content-type': 'application/json', 'aeg-event-type': 'SubscriptionValidation' }, body: '[{"eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","data":{}}]' }, expect: [400] },
    { kind: 'event grid', name: 'webhook for an unknown function', request: { method: 'POST', path: withKey('/runtime/webhooks/eventgrid?functionName=..%2Fx', ctx.masterKey), headers: notification, body: '[]' }, expect: [404] },
    { kind: 'event grid', name: 'webhook with events that are not events', request: { method: 'POST', path, headers: notification, body: '[1,"x",null,{}]' }, expect: 'any' },
    { kind: 'event grid', name: 'webhook with an event 20,000 deep', request: { method: 'POST', path, headers: notification, body: `[${deepJson(20_000, 'object')}]` }, expect: 'any' },
    { kind: 'event grid cap', name: 'webhook array of 6,000 events', request: { method: 'POST', path, headers: notification, body: many(6000) }, expect: '4xx' },
    { kind: 'event grid cap', name: 'cloudevents batch of 6,000 events', request: { method: 'POST', path: withKey('/api/ingest/cloudevents', ctx.functionKey), headers: { 'content-type': 'application/cloudevents-batch+json' }, body: cloudBatch(6000) }, expect: '4xx' },
    { kind: 'event grid', name: 'cloudevents handshake without an origin', request: { method: 'OPTIONS', path: withKey('/api/ingest/cloudevents', ctx.functionKey) }, expect: '4xx' },
  ];
}

function hugeHeaderCases(ctx: CorpusContext): CorpusCase[] {
  const path = withKey('/api/investigations', ctx.functionKey);
  const many: Record<string, string> = {};
  for (let i = 0; i < 400; i++) many[`x-corpus-${i}`] = 'v'.repeat(100);
  return [
    { kind: 'huge headers', name: 'one 20 KiB header', request: { method: 'GET', path, headers: { 'x-big': 'h'.repeat(20 * 1024) } }, expect: [431], refusedByReset: true },
    { kind: 'huge headers', name: '400 headers of 100 bytes', request: { method: 'GET', path, headers: many }, expect: [431], refusedByReset: true },
    { kind: 'huge headers', name: 'a 64 KiB cookie', request: { method: 'GET', path, headers: { cookie: `a=${'c'.repeat(64 * 1024)}` } }, expect: [431], refusedByReset: true },
    { kind: 'huge headers', name: 'a 20 KiB path', request: { method: 'GET', path: withKey(`/api/investigations/${'p'.repeat(20 * 1024)}`, ctx.functionKey) }, expect: [431], refusedByReset: true },
    { kind: 'huge headers', name: 'a 40 KiB query', request: { method: 'GET', path: `${path}&source=${'q'.repeat(40 * 1024)}` }, expect: [431], refusedByReset: true },
    { kind: 'huge headers', name: 'a 200 KiB signature header', request: { ...signedIngest('pagerduty', '{}', 'wh-big'), headers: { ...pagerDutyHeaders('{}', 'wh-big'), 'x-pagerduty-signature': `v1=${'0'.repeat(200 * 1024)}` } }, expect: [431], refusedByReset: true },
  ];
}

/** The whole corpus for this context. */
function buildCorpus(ctx: CorpusContext): CorpusCase[] {
  return [...idCases(ctx), ...queryCases(ctx), ...keyCases(ctx), ...methodCases(ctx), ...bodyCases(ctx), ...longFieldCases(ctx), ...eventGridCases(ctx), ...hugeHeaderCases(ctx), ...replayCases(), ...approvalCases(ctx)];
}

export { buildCorpus, meets };
export type { CorpusCase, CorpusContext };
