import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, type DevhostProcess } from '../../helpers/devhostProcess';
import { waitForStatus } from '../../helpers/durableHttp';
import { createSourceAdapter, type IngestOutcome } from '../../../shared/sources';
import type { IncidentSource } from '../../../shared/incident';
import { loadEventText } from '../../shared/sources/loadEvent';
import { get, ingestEnv, pagerDutyHeaders, post, serviceNowHeaders, startIngestHost, type Answer } from './ingestHost';

const ORDER: Record<IngestOutcome['kind'], number> = { validation: 0, ping: 1, ignored: 1, incident: 2, update: 3, resolve: 4 };
const env = ingestEnv();

function fixtures(source: string): string[] {
  return readdirSync(join(repoRoot, 'test', 'fixtures', 'events', source)).filter((name) => name.endsWith('.json') && !name.endsWith('.response.json'));
}

/** What the source adapter itself makes of a fixture: the oracle the route's records are compared with. */
async function expectedOutcomes(source: IncidentSource, body: string, headers: Record<string, string>): Promise<IngestOutcome[]> {
  return createSourceAdapter(source, { ...process.env, ...env }).parse({ url: 'http://x', headers, rawBody: Buffer.from(body) });
}

async function deliver(host: DevhostProcess, source: string, name: string, body: string): Promise<{ answer: Answer; headers: Record<string, string> }> {
  if (source === 'pagerduty') {
    const headers = pagerDutyHeaders(body, `wh-${name}`);
    return { answer: await post(host, 'ingest/pagerduty', body, headers), headers };
  }
  if (source === 'servicenow') {
    const headers = serviceNowHeaders(body);
    return { answer: await post(host, 'ingest/servicenow', body, headers), headers };
  }
  if (source === 'event-grid-cloudevents') {
    const headers = { 'content-type': 'application/cloudevents+json; charset=utf-8' };
    return { answer: await post(host, 'ingest/cloudevents', body, headers), headers };
  }
  return { answer: await post(host, 'ingest/azure-monitor', body), headers: {} };
}

async function assessAccepted(host: DevhostProcess, answer: Answer, expected: IngestOutcome[]): Promise<void> {
  expect(answer.status).toBe(202);
  expect(answer.body.results.map((r: { kind: string }) => r.kind)).toEqual(expected.map((o) => o.kind));
  for (const [index, outcome] of expected.entries()) {
    const result = answer.body.results[index];
    if (outcome.kind === 'incident' || outcome.kind === 'resolve') {
      const record = await get(host, `incidents/${result.id}`);
      expect(record.status).toBe(200);
      expect(record.body).toMatchObject({ dedupeKey: outcome.incident.dedupeKey, groupKey: outcome.incident.groupKey, title: outcome.incident.title });
      // Fixtures sharing an alert id are the same alert: the record keeps the first delivery's body.
      if (!result.duplicate) expect(record.body.rawPayloadRef).toBe(answer.body.rawPayloadRef);
    }
    if (outcome.kind === 'incident') {
      expect(['started', 'joined']).toContain(result.disposition);
      const status = await waitForStatus(host, result.investigationId, (s) => s.runtimeStatus === 'Running');
      expect(status.name).toBe('investigateIncident');
      expect(result.investigationId.startsWith(outcome.incident.investigationKey)).toBe(true);
    }
    if (outcome.kind === 'update') expect(['joined', 'annotated', 'started', 'queued']).toContain(result.disposition);
    if (outcome.kind === 'resolve') expect(['resolved', 'annotated']).toContain(result.disposition);
  }
}

describe('Ingest: every source fixture through its HTTP route', () => {
  let host: DevhostProcess;

  beforeAll(async () => {
    host = await startDevhostProcessWithEnv();
  });

  afterAll(async () => {
    await host.stop();
  });

  async function startDevhostProcessWithEnv(): Promise<DevhostProcess> {
    return startIngestHost(env);
  }

  it.each(['azure-monitor', 'pagerduty', 'servicenow'])('accepts each valid %s fixture as the incident its adapter describes, and refuses each invalid one with 400', async (source) => {
    // Prepare
    const valid: Array<{ name: string; body: string; order: number }> = [];
    const invalid: string[] = [];
    for (const name of fixtures(source)) {
      if (name.startsWith('invalid-')) invalid.push(name);
      else {
        const body = loadEventText(source, name);
        const kinds = await expectedOutcomes(source as IncidentSource, body, source === 'pagerduty' ? pagerDutyHeaders(body, `wh-${name}`) : {});
        valid.push({ name, body, order: Math.min(...kinds.map((k) => ORDER[k.kind])) });
      }
    }
    valid.sort((a, b) => a.order - b.order);

    for (const { name, body } of valid) {
      // Act
      const { answer, headers } = await deliver(host, source, name, body);

      // Assess
      await assessAccepted(host, answer, await expectedOutcomes(source as IncidentSource, body, headers));
    }
    for (const name of invalid) {
      const { answer } = await deliver(host, source, name, loadEventText(source, name));
      expect([name, answer.status, answer.contentType]).toEqual([name, 400, expect.stringContaining('application/problem+json')]);
    }
  });

  it('accepts the CloudEvents fixtures on /api/ingest/cloudevents after the OPTIONS handshake, and refuses an unknown type with 400', async () => {
    // Prepare
    const handshake = await fetch(`${host.url}/api/ingest/cloudevents?code=${host.functionKey}`, { method: 'OPTIONS', headers: { 'webhook-request-origin': 'eventgrid.azure.net' } });

    // Act
    const annotated = loadEventText('event-grid', 'resource-annotated-cloudevent.json');
    const deleted = loadEventText('event-grid', 'resource-deleted-cloudevent.json');
    const unknown = loadEventText('event-grid', 'invalid-unknown-type-cloudevent.json');
    const answers = [await deliver(host, 'event-grid-cloudevents', 'annotated', annotated), await deliver(host, 'event-grid-cloudevents', 'deleted', deleted)];
    const refused = await deliver(host, 'event-grid-cloudevents', 'unknown', unknown);

    // Assess
    expect(handshake.status).toBe(200);
    expect(handshake.headers.get('webhook-allowed-origin')).toBe('eventgrid.azure.net');
    await assessAccepted(host, answers[0]!.answer, await expectedOutcomes('event-grid', annotated, {}));
    await assessAccepted(host, answers[1]!.answer, await expectedOutcomes('event-grid', deleted, {}));
    expect(refused.answer.status).toBe(400);
    expect(refused.answer.contentType).toContain('application/problem+json');
  });

  it('takes Event Grid schema deliveries through the webhook: validation handshake, an incident, its resolve, and refuses a malformed event', async () => {
    // Prepare
    const webhook = `${host.url}/runtime/webhooks/eventgrid?functionName=eventGridIngest&code=${host.masterKey}`;
    const send = (body: string, type: string): Promise<Response> => fetch(webhook, { method: 'POST', headers: { 'content-type': 'application/json', 'aeg-event-type': type }, body });
    const health = loadEventText('event-grid', 'resource-health.json');
    const [expected] = await expectedOutcomes('event-grid', health, {});
    const before = (await get(host, 'incidents?source=event-grid&limit=1000')).body.count as number;

    // Act
    const validation = await send(loadEventText('event-grid', 'subscription-validation.json'), 'SubscriptionValidation');
    const delivered = await send(health, 'Notification');
    const invalid = await send(loadEventText('event-grid', 'invalid-missing-event-type.json'), 'Notification');
    const resolved = await send(loadEventText('event-grid', 'resource-health-available.json'), 'Notification');

    // Assess
    expect(validation.status).toBe(200);
    expect(await validation.json()).toEqual(JSON.parse(loadEventText('event-grid', 'subscription-validation.response.json')));
    expect(delivered.status).toBe(202);
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { errors: unknown[] }).errors).toEqual([expect.objectContaining({ path: '[0].eventType' })]);
    expect(resolved.status).toBe(202);
    if (expected?.kind !== 'incident') throw new Error('the resource-health fixture should be an incident');
    const listed = await get(host, 'incidents?source=event-grid&limit=1000');
    expect(listed.body.count).toBe(before + 2);
    const record = listed.body.items.find((item: { dedupeKey: string }) => item.dedupeKey === expected.incident.dedupeKey);
    // The CloudEvents test above may already have opened this VM's group: then the alert joins it.
    expect(record).toMatchObject({ groupKey: expected.incident.groupKey, disposition: expect.stringMatching(/^(started|joined)$/) });
    const status = await waitForStatus(host, record.investigationId, (s) => (s.customStatus as { phase?: string } | null)?.phase === 'resolved');
    expect(status.runtimeStatus).toBe('Completed');
    expect(host.logs.some((entry) => String(entry.message).includes('ingest rejected'))).toBe(true);
    expect(host.logs.filter((entry) => String(entry.message).includes('Failed'))).toEqual([]);
  });
});
