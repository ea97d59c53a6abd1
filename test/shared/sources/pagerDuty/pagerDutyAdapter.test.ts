import { createHmac } from 'node:crypto';
import { IncidentSchema } from '../../../../shared/incident';
import { createPagerDutyAdapter, pagerDutyWebhookSettings, type IngestOutcome, type IngestRequest } from '../../../../shared/sources';
import { loadEventText } from '../loadEvent';

const OLD_SECRET = 'old-secret-for-tests';
const NEW_SECRET = 'new-secret-for-tests';
const adapter = createPagerDutyAdapter(pagerDutyWebhookSettings.load({ PAGERDUTY_WEBHOOK_SECRETS: `${OLD_SECRET}, ${NEW_SECRET}` }));

function signed(body: string, secrets: string[], webhookId = 'wh-1'): IngestRequest {
  const header = secrets.map((s) => `v1=${createHmac('sha256', s).update(body).digest('hex')}`).join(',');
  return { url: 'u', headers: { 'X-PagerDuty-Signature': header, 'X-Webhook-Id': webhookId }, rawBody: Buffer.from(body) };
}

async function statusOf(request: IngestRequest, step: 'authenticate' | 'parse' = 'authenticate'): Promise<number | 'ok'> {
  try {
    await adapter[step](request);
    return 'ok';
  } catch (error) {
    return (error as { status: number }).status;
  }
}

async function parse(name: string): Promise<IngestOutcome> {
  const body = loadEventText('pagerduty', name);
  const request = signed(body, [NEW_SECRET], `wh-${name}`);
  await adapter.authenticate(request);
  const [outcome] = await adapter.parse(request, { rawPayloadRef: 'raw/pd.json' });
  return outcome!;
}

describe('Source: PagerDuty Webhooks V3', () => {
  const body = loadEventText('pagerduty', 'incident-triggered.json');

  it('accepts a body signed with either of two rotated secrets, or with both', async () => {
    expect(await statusOf(signed(body, [OLD_SECRET]))).toBe('ok');
    expect(await statusOf(signed(body, [NEW_SECRET]))).toBe('ok');
    expect(await statusOf(signed(body, ['unrelated', NEW_SECRET]))).toBe('ok');
  });

  it('rejects a body with one changed byte with 403', async () => {
    // Prepare
    const request = signed(body, [NEW_SECRET]);
    const tampered = Buffer.from(body);
    tampered[tampered.indexOf('P1')] = 'P'.charCodeAt(0) + 1;
    // Act
    const status = await statusOf({ ...request, rawBody: tampered });
    // Assess
    expect(status).toBe(403);
  });

  it('answers 401 without a signature, 400 for a malformed one and 403 for an unknown secret', async () => {
    expect(await statusOf({ url: 'u', headers: {}, rawBody: body })).toBe(401);
    expect(await statusOf({ url: 'u', headers: { 'x-pagerduty-signature': 'sha256=abc' }, rawBody: body })).toBe(400);
    expect(await statusOf(signed(body, ['wrong-secret']))).toBe(403);
  });

  it('starts an investigation on incident.triggered keyed by the incident id, deduped by X-Webhook-Id', async () => {
    // Act
    const outcome = await parse('incident-triggered.json');
    // Assess
    if (outcome.kind !== 'incident') throw new Error(outcome.kind);
    const incident = IncidentSchema.parse(outcome.incident);
    expect(outcome.deliveryId).toBe('wh-incident-triggered.json');
    expect(incident).toMatchObject({
      externalId: 'Q1W8FZ3K2XJ9AB',
      severity: 'Sev0',
      sourceSeverity: 'P1/high',
      status: 'firing',
      firedAt: '2026-03-04T09:17:51.000Z',
      service: 'Checkout API (prod)',
      correlationId: 'azmon:8b2f6d41-93c7-4e05-a1d8-5c3e7f90b264',
      dedupeKey: 'pagerduty:q1w8fz3k2xj9ab:triggered',
      groupKey: 'pagerduty|externalId=q1w8fz3k2xj9ab',
      rawPayloadRef: 'raw/pd.json',
    });
    expect(incident.links[0]!.url).toBe('https://northwind.pagerduty.com/incidents/Q1W8FZ3K2XJ9AB');
  });

  it('routes acknowledged, reopened, annotated, responder and priority events to the running investigation', async () => {
    // Prepare
    const trigger = await parse('incident-triggered.json');
    if (trigger.kind !== 'incident') throw new Error(trigger.kind);
    // Act
    const updates = await Promise.all(['incident-acknowledged.json', 'incident-reopened.json', 'incident-annotated.json', 'incident-responder-added.json'].map(parse));
    // Assess
    for (const update of updates) {
      if (update.kind !== 'update') throw new Error(update.kind);
      expect(update.ref.investigationKey).toBe(trigger.incident.investigationKey);
    }
    const [ack, , note, responder] = updates as Array<Extract<IngestOutcome, { kind: 'update' }>>;
    expect(ack!.change).toMatchObject({ event: 'incident.acknowledged', status: 'acknowledged', actor: 'Riley Chen' });
    expect(note!.change.summary).toBe('Rolled back checkout-api to build 2026.03.03-4; latency recovering.');
    expect(responder!.change.summary).toContain('Sam Okafor (DBA)');
    expect(new Set(updates.map((u) => (u.kind === 'update' ? u.ref.dedupeKey : ''))).size).toBe(4);
  });

  it('maps the published priority_updated example to an update with the new severity', async () => {
    const outcome = await parse('incident-priority-updated.json');
    if (outcome.kind !== 'update') throw new Error(outcome.kind);
    expect(outcome.change).toMatchObject({ summary: 'priority changed to P1', severity: 'Sev0' });
    expect(outcome.incident?.externalId).toBe('PGR0VU2');
  });

  it('resolves on incident.resolved', async () => {
    const outcome = await parse('incident-resolved.json');
    if (outcome.kind !== 'resolve') throw new Error(outcome.kind);
    expect(outcome.incident).toMatchObject({ status: 'resolved', resolvedAt: '2026-03-04T09:41:03.117Z' });
  });

  it('answers pings and ignores service events', async () => {
    expect((await parse('ping.json')).kind).toBe('ping');
    expect((await parse('service-updated.json')).kind).toBe('ignored');
  });

  it.each([
    ['invalid-unknown-event-type.json', 'event.event_type'],
    ['invalid-missing-title.json', 'event.data.title'],
    ['invalid-malformed.json', ''],
  ])('rejects %s with 400 naming %p', async (name, path) => {
    const error = await parse(name).then(
      () => undefined,
      (caught: unknown) => caught as { status: number; errors: Array<{ path: string }> },
    );
    expect(error?.status).toBe(400);
    expect(error?.errors.map((e) => e.path)).toContain(path);
  });

  it('requires at least one secret', () => {
    expect(() => pagerDutyWebhookSettings.load({})).toThrow(/PAGERDUTY_WEBHOOK_SECRETS/);
  });
});
