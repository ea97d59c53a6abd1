import { createHmac } from 'node:crypto';
import { IncidentSchema } from '../../../../shared/incident';
import { createServiceNowAdapter, serviceNowInboundSettings, type IngestOutcome, type IngestRequest, type SourceAdapter } from '../../../../shared/sources';
import { loadEventText } from '../loadEvent';

const SECRET = 'servicenow-shared-secret';
const NOW = Date.UTC(2026, 2, 4, 9, 30, 0);
const adapter = createServiceNowAdapter(serviceNowInboundSettings.load({ SERVICENOW_INBOUND_HMAC_SECRETS: SECRET }), { now: () => NOW });

// What the business rule computes: CertificateEncryption.generateMac(gs.base64Encode(secret), 'HmacSHA256', ts + '.' + body).
function signed(body: string, timestampSeconds = Math.floor(NOW / 1000), secret = SECRET): IngestRequest {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('base64');
  return { url: 'u', headers: { 'X-Signature': `sha256=${mac}`, 'X-Signature-Timestamp': String(timestampSeconds) }, rawBody: body };
}

async function statusOf(target: SourceAdapter, request: IngestRequest): Promise<number | 'ok'> {
  try {
    await target.authenticate(request);
    return 'ok';
  } catch (error) {
    return (error as { status: number }).status;
  }
}

async function parse(name: string): Promise<IngestOutcome> {
  const [outcome] = await adapter.parse(signed(loadEventText('servicenow', name)));
  return outcome!;
}

describe('Source: ServiceNow business rule', () => {
  const body = loadEventText('servicenow', 'outbound-business-rule.json');

  it('accepts a fresh base64 HMAC over timestamp and body', async () => {
    expect(await statusOf(adapter, signed(body))).toBe('ok');
    expect(await statusOf(adapter, signed(body, Math.floor(NOW / 1000) - 240))).toBe('ok');
  });

  it('rejects a stale timestamp, a wrong secret and a changed body with 403', async () => {
    expect(await statusOf(adapter, signed(body, Math.floor(NOW / 1000) - 301))).toBe(403);
    expect(await statusOf(adapter, signed(body, undefined, 'other-secret'))).toBe(403);
    expect(await statusOf(adapter, { ...signed(body), rawBody: body.replace('"2"', '"6"') })).toBe(403);
  });

  it('honours a configured skew', async () => {
    const strict = createServiceNowAdapter(serviceNowInboundSettings.load({ SERVICENOW_INBOUND_HMAC_SECRETS: SECRET, SERVICENOW_INBOUND_MAX_SKEW_SECONDS: '30' }), { now: () => NOW });
    expect(await statusOf(strict, signed(body, Math.floor(NOW / 1000) - 31))).toBe(403);
  });

  it('answers 401 without the signature headers', async () => {
    expect(await statusOf(adapter, { url: 'u', headers: {}, rawBody: body })).toBe(401);
  });

  it('checks basic credentials when configured for basic auth', async () => {
    // Prepare
    const basic = createServiceNowAdapter(serviceNowInboundSettings.load({ SERVICENOW_INBOUND_AUTH: 'basic', SERVICENOW_INBOUND_BASIC_USER: 'sn', SERVICENOW_INBOUND_BASIC_PASSWORD: 'pw-sixteen-chars-x' }));
    const header = (user: string, password: string) => ({ url: 'u', headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` }, rawBody: body });
    // Act / Assess
    expect(await statusOf(basic, header('sn', 'pw-sixteen-chars-x'))).toBe('ok');
    expect(await statusOf(basic, header('sn', 'nope'))).toBe(403);
    expect(await statusOf(basic, { url: 'u', headers: {}, rawBody: body })).toBe(401);
  });

  it('starts an investigation on incident.created, deriving severity from impact and urgency', async () => {
    const outcome = await parse('incident-created.json');
    if (outcome.kind !== 'incident') throw new Error(outcome.kind);
    expect(IncidentSchema.parse(outcome.incident)).toMatchObject({
      externalId: '9d3f1a7c1b2e4610a8c4e7f2d05b3c91',
      title: 'INC0048213: Checkout API latency above SLO (Azure Monitor Sev1)',
      severity: 'Sev1',
      status: 'firing',
      firedAt: '2026-03-04T09:18:05.000Z',
      service: 'Checkout',
      correlationId: 'azmon:8b2f6d41-93c7-4e05-a1d8-5c3e7f90b264',
      dedupeKey: 'servicenow:9d3f1a7c1b2e4610a8c4e7f2d05b3c91:0',
    });
  });

  it('turns the contract example (state 2) into an update of the same investigation', async () => {
    const created = await parse('incident-created.json');
    const outcome = await parse('outbound-business-rule.json');
    if (outcome.kind !== 'update' || created.kind !== 'incident') throw new Error(outcome.kind);
    expect(outcome.ref.investigationKey).toBe(created.incident.investigationKey);
    expect(outcome.change).toMatchObject({ status: 'acknowledged', severity: 'Sev0', actor: 'riley.chen', summary: 'state, assigned_to changed by riley.chen' });
  });

  it.each(['6', '7', '8'])('resolves on state %s', async (state) => {
    const event = { ...JSON.parse(loadEventText('servicenow', 'incident-resolved.json')), state };
    const [outcome] = await adapter.parse(signed(JSON.stringify(event)));
    expect(outcome!.kind).toBe('resolve');
  });

  it('keeps resolved_at as the resolution time', async () => {
    const outcome = await parse('incident-resolved.json');
    if (outcome.kind !== 'resolve') throw new Error(outcome.kind);
    expect(outcome.incident.resolvedAt).toBe('2026-03-04T09:44:12.000Z');
  });

  it.each([
    ['invalid-priority-number.json', 'priority'],
    ['invalid-unknown-event.json', 'event'],
    ['invalid-missing-sys-id.json', 'sys_id'],
  ])('rejects %s with 400 naming %p', async (name, path) => {
    const error = await parse(name).then(
      () => undefined,
      (caught: unknown) => caught as { status: number; errors: Array<{ path: string }> },
    );
    expect(error?.status).toBe(400);
    expect(error?.errors.map((e) => e.path)).toContain(path);
  });

  it('fails at construction when hmac mode has no secret', () => {
    expect(() => createServiceNowAdapter(serviceNowInboundSettings.load({}))).toThrow(/SERVICENOW_INBOUND_HMAC_SECRETS/);
    expect(() => serviceNowInboundSettings.load({ SERVICENOW_INBOUND_HMAC_SECRETS: 'short' })).toThrow(/SERVICENOW_INBOUND_HMAC_SECRETS.*16 characters/);
  });
});
