import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import type { DevhostProcess } from '../../helpers/devhostProcess';
import { eventually } from '../../helpers/devhostProcess';
import { waitForStatus } from '../../helpers/durableHttp';
import { INCIDENT_LIMITS, readGroup, recordKeysOf, writeGroup, type IngestionStore } from '../../../shared/ingestion';
import { TRUNCATION_MARKER } from '../../../shared/ingestion/boundedText';
import { loadEvent, loadEventText } from '../../shared/sources/loadEvent';
import { azureMonitorAlert, get, guid, pagerDutyHeaders, post, startIngestHostWithStore } from './ingestHost';

/** The metric alert fixture with its own alert id, changed by `edit`. */
function editedAlert(edit: (essentials: Record<string, unknown>, data: Record<string, unknown>) => void): string {
  const alert = JSON.parse(azureMonitorAlert(guid())) as { data: { essentials: Record<string, unknown> } & Record<string, unknown> };
  edit(alert.data.essentials, alert.data);
  return JSON.stringify(alert);
}

/** A PagerDuty incident.triggered webhook for a new incident, with `title`. */
function pagerDutyIncident(title: string): { body: string; headers: Record<string, string> } {
  const webhook = loadEvent<{ event: { id: string; data: Record<string, unknown> } }>('pagerduty', 'incident-triggered.json');
  const id = randomBytes(7).toString('hex').toUpperCase();
  webhook.event.id = `01${id}`;
  webhook.event.data.id = id;
  webhook.event.data.incident_key = `key-${id}`;
  webhook.event.data.title = title;
  const body = JSON.stringify(webhook);
  return { body, headers: pagerDutyHeaders(body, `webhook-${id}`) };
}

/** A minimal Event Grid schema event, as Event Grid delivers it. */
function gridEvent(index: number, data: unknown = {}): Record<string, unknown> {
  return { id: `evt-${index}`, topic: '/subscriptions/s', subject: `/things/${index}`, eventType: 'Sample.Happened', eventTime: new Date().toISOString(), dataVersion: '1', metadataVersion: '1', data };
}

/** JSON text of an array nested `depth` levels deep (too deep for JSON.stringify to write). */
function deepArrayText(depth: number): string {
  return `${'['.repeat(depth)}"bottom"${']'.repeat(depth)}`;
}

/** `body` with the JSON string `"DEEP"` replaced by {@link deepArrayText}. */
function withDeepArray(body: string, depth: number): string {
  return body.replace('"DEEP"', deepArrayText(depth));
}

describe('Ingest: large and hostile bodies never stall ingestion and always get an answer of their own', () => {
  let host: DevhostProcess;
  let store: IngestionStore;
  const webhook = (): string => `${host.url}/runtime/webhooks/eventgrid?functionName=eventGridIngest&code=${host.masterKey}`;
  const sendToWebhook = (body: string): Promise<Response> => fetch(webhook(), { method: 'POST', headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification' }, body });

  beforeAll(async () => {
    ({ host, store } = await startIngestHostWithStore({ INGEST_STALLED_SECONDS: '60' }));
  });

  afterAll(async () => {
    await host.stop();
  });

  it('starts a 1 MiB alert with a huge normalised incident, and a small alert of another source after it still starts', async () => {
    // Prepare: thousands of targets and a 300k-character description, just under the 1 MiB limit
    const targets = Array.from({ length: 3000 }, (_, i) => `/subscriptions/5f1c9a3e-7b2d-4e8a-9c61-0d4f2b7a8e13/resourcegroups/rg-shop-prod/providers/microsoft.compute/virtualmachines/vm-${i}`);
    const big = editedAlert((essentials) => {
      essentials.alertTargetIDs = targets;
      essentials.description = 'x'.repeat(300_000);
    });
    const small = pagerDutyIncident('Checkout API latency above 2s');

    // Act
    const bigAnswer = await post(host, 'ingest/azure-monitor', big);
    const smallAnswer = await post(host, 'ingest/pagerduty', small.body, small.headers);
    const retried = await post(host, 'ingest/azure-monitor', big);

    // Assess
    expect(Buffer.byteLength(big)).toBeGreaterThan(700_000);
    expect(bigAnswer.status).toBe(202);
    expect(bigAnswer.body.results[0]).toMatchObject({ disposition: 'started' });
    expect(smallAnswer.status).toBe(202);
    expect(smallAnswer.body.results[0]).toMatchObject({ disposition: 'started' });
    expect(retried.body.results[0]).toMatchObject({ duplicate: true, investigationId: bigAnswer.body.results[0].investigationId });
    const bigRun = await waitForStatus(host, bigAnswer.body.results[0].investigationId, (s) => s.runtimeStatus !== 'Pending');
    const smallRun = await waitForStatus(host, smallAnswer.body.results[0].investigationId, (s) => s.runtimeStatus !== 'Pending');
    expect(bigRun.runtimeStatus).not.toBe('Failed');
    expect(smallRun.runtimeStatus).not.toBe('Failed');
  });

  it('stores a 40k-character rule name and a 100k-character PagerDuty title truncated with a marker, and keeps the raw body whole', async () => {
    // Prepare
    const longRule = editedAlert((essentials) => {
      essentials.alertRule = 'r'.repeat(40_000);
    });
    const longTitle = pagerDutyIncident('t'.repeat(100_000));

    // Act
    const ruleAnswer = await post(host, 'ingest/azure-monitor', longRule);
    const titleAnswer = await post(host, 'ingest/pagerduty', longTitle.body, longTitle.headers);

    // Assess
    expect(ruleAnswer.status).toBe(202);
    expect(titleAnswer.status).toBe(202);
    const record = await get(host, `incidents/${titleAnswer.body.results[0].id}`);
    expect(record.body.title).toHaveLength(INCIDENT_LIMITS.titleChars);
    expect(record.body.title.endsWith(TRUNCATION_MARKER)).toBe(true);
    const raw = await fetch(`${host.url}/api/incidents/${titleAnswer.body.results[0].id}/raw?code=${host.masterKey}`);
    expect(await raw.text()).toBe(longTitle.body);
  });

  it('refuses JSON nested 10,000 deep with a 400 naming the field, on an ingest route and on the Event Grid webhook', async () => {
    // Prepare
    const deepAlert = withDeepArray(editedAlert((_essentials, data) => {
      data.customProperties = { deep: 'DEEP' };
    }), 10_000);

    // Act
    const routeAnswer = await post(host, 'ingest/azure-monitor', deepAlert);
    const webhookAnswer = await sendToWebhook(withDeepArray(JSON.stringify([gridEvent(1, { nested: 'DEEP' })]), 10_000));

    // Assess
    expect(routeAnswer.status).toBe(400);
    expect(routeAnswer.contentType).toContain('application/problem+json');
    expect(routeAnswer.body.errors[0].path).toMatch(/^data\.customProperties\.deep\[0\]/);
    expect(webhookAnswer.status).toBe(400);
    expect(((await webhookAnswer.json()) as any).errors[0].path).toMatch(/^\[0\]\.data\.nested\[0\]/);
  });

  it('caps Event Grid webhook deliveries at 5,000 events and 1 MiB, and refuses a malformed event by index and field before invoking any', async () => {
    // Prepare
    const before = (await get(host, 'incidents?source=event-grid&limit=1000')).body.count as number;
    const health = JSON.parse(loadEventText('event-grid', 'resource-health.json')) as Array<Record<string, unknown>>;
    const { eventType: _dropped, ...withoutType } = gridEvent(2);

    // Act
    const tooMany = await sendToWebhook(JSON.stringify(Array.from({ length: 5001 }, (_, i) => gridEvent(i))));
    const tooBig = await sendToWebhook(JSON.stringify([gridEvent(1, { padding: 'p'.repeat(1024 * 1024) })]));
    const malformed = await sendToWebhook(JSON.stringify([health[0], withoutType]));

    // Assess
    expect(tooMany.status).toBe(413);
    expect(tooBig.status).toBe(413);
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    expect(((await malformed.json()) as any).errors).toEqual([expect.objectContaining({ path: '[1].eventType' })]);
    expect((await get(host, 'incidents?source=event-grid&limit=1000')).body.count).toBe(before);
  });

  it('logs a client that closes its request mid-body as information, never as an error', async () => {
    // Act: declare a body and close the connection after part of it
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(new URL(host.url).port), '127.0.0.1', () => {
        socket.write(`POST /api/ingest/azure-monitor?code=${host.functionKey} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"data":`);
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 100);
      });
      socket.on('error', reject);
    });

    // Assess
    const logged = await eventually(async () => host.logs.find((entry) => entry.message === 'request aborted by the client'), 10_000);
    expect(logged).toMatchObject({ level: 'information', status: 499 });
    expect(host.logs.filter((entry) => entry.level === 'error' && String(entry.message).startsWith('request failed'))).toEqual([]);
  });

  it('shows a dead-lettered alert on GET /api/incidents/{id}, and queues it again when the alert is re-sent', async () => {
    // Prepare: an alert whose start attempts were all used up (planted as the starter leaves it)
    const body = azureMonitorAlert(guid(), 'Fired', 'log-v2.json');
    const first = (await post(host, 'ingest/azure-monitor', body)).body.results[0];
    expect(first.disposition).toBe('started');
    const group = (await readGroup(store, first.investigationId.replace(/-\d+$/, '')))!;
    await writeGroup(store, { ...group.row, state: 'dead-lettered', attempts: 8, lastError: 'TransientError: the Durable client failed', deadLetteredAt: new Date().toISOString() }, group.etag);
    await store.incidents.updateEntity({ ...recordKeysOf(first.id)!, disposition: 'dead-lettered' }, 'Merge');

    // Act
    const shown = await get(host, `incidents/${first.id}`);
    const resent = await post(host, 'ingest/azure-monitor', body);

    // Assess
    expect(shown.body).toMatchObject({
      disposition: 'dead-lettered',
      investigation: { group: { state: 'dead-lettered', startAttempts: 8, lastError: 'TransientError: the Durable client failed', deadLetteredAt: expect.any(String) } },
    });
    expect(resent.status).toBe(202);
    expect(resent.body.results[0]).toMatchObject({ disposition: 'started', duplicate: true, investigationId: first.investigationId });
    expect((await get(host, `incidents/${first.id}`)).body).toMatchObject({ disposition: 'started', investigation: { group: { state: 'running', startAttempts: 0 } } });
  });

  it('reports the ingest queue in /api/health, and degraded with 503 once an investigation waits past the threshold beside free capacity', async () => {
    // Prepare: a group that failed to start an hour ago and waits for a far-off retry
    const healthy = await fetch(`${host.url}/api/health`);
    const healthyBody = (await healthy.json()) as any;
    const hourAgo = new Date(Date.now() - 3600_000).toISOString();
    const key = `azure-monitor-${randomBytes(16).toString('hex')}`;
    await writeGroup(store, {
      investigationKey: key,
      source: 'azure-monitor',
      groupKey: 'azure-monitor|rule=stuck',
      instanceId: key,
      generation: 1,
      windowStartedAt: hourAgo,
      state: 'queued',
      queuedAt: hourAgo,
      attempts: 3,
      nextAttemptAt: new Date(Date.now() + 3600_000).toISOString(),
      lastError: 'TransientError: the Durable client failed',
      ownerRecordId: `azure-monitor_0_${randomBytes(16).toString('hex')}`,
      openInstances: '[]',
    }, undefined);

    // Act
    const stalled = await fetch(`${host.url}/api/health`);
    const stalledBody = (await stalled.json()) as any;

    // Assess
    expect(healthy.status).toBe(200);
    expect(healthyBody.ingestion).toMatchObject({ queued: 0, deadLettered: 0, stalled: false, oldestQueuedAgeSeconds: null });
    expect(stalled.status).toBe(503);
    expect(stalledBody).toMatchObject({ status: 'degraded', ingestion: { queued: 1, retrying: 1, stalled: true } });
    expect(stalledBody.ingestion.oldestQueuedAgeSeconds).toBeGreaterThanOrEqual(3600);
  });
});
