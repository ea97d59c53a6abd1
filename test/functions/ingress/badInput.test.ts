import type { DevhostProcess } from '../../helpers/devhostProcess';
import { loadEventText } from '../../shared/sources/loadEvent';
import { azureMonitorAlert, get, guid, pagerDutyHeaders, post, startIngestHost, PAGERDUTY_SECRETS, type Answer } from './ingestHost';

function expectProblem(answer: Answer, status: number): void {
  expect(answer.status).toBe(status);
  expect(answer.contentType).toContain('application/problem+json');
  expect(answer.body).toMatchObject({ status, type: expect.any(String), detail: expect.any(String) });
}

describe('Ingest: authentication and bad input answer problem+json and write nothing', () => {
  let host: DevhostProcess;
  const triggered = loadEventText('pagerduty', 'incident-triggered.json');

  beforeAll(async () => {
    host = await startIngestHost({ INGEST_MAX_BODY_BYTES: '65536' });
  });

  afterAll(async () => {
    await host.stop();
  });

  async function recordCount(): Promise<number> {
    return (await get(host, 'incidents?limit=1000')).body.count as number;
  }

  it('refuses a PagerDuty body with one changed byte with 403', async () => {
    // Prepare
    const headers = pagerDutyHeaders(triggered, 'wh-tamper');
    const tampered = Buffer.from(triggered);
    tampered[tampered.indexOf('"title"') + 10] ^= 1;
    const before = await recordCount();

    // Act
    const answer = await post(host, 'ingest/pagerduty', tampered, headers);

    // Assess
    expectProblem(answer, 403);
    expect(await recordCount()).toBe(before);
  });

  it('accepts PagerDuty bodies signed with the old or the new secret during rotation', async () => {
    // Act
    const withOld = await post(host, 'ingest/pagerduty', triggered, pagerDutyHeaders(triggered, 'wh-old', [PAGERDUTY_SECRETS[0]]));
    const withNew = await post(host, 'ingest/pagerduty', triggered, pagerDutyHeaders(triggered, 'wh-new', [PAGERDUTY_SECRETS[1]]));

    // Assess
    expect(withOld.status).toBe(202);
    expect(withNew.status).toBe(202);
    expect(withNew.body.results[0].investigationId).toBe(withOld.body.results[0].investigationId);
    expect(withNew.body.results[0].duplicate).toBe(true);
  });

  it('refuses a reused X-Webhook-Id carrying a different event with 409', async () => {
    // Prepare
    const first = await post(host, 'ingest/pagerduty', triggered, pagerDutyHeaders(triggered, 'wh-replay'));
    const other = loadEventText('pagerduty', 'incident-annotated.json');

    // Act
    const replay = await post(host, 'ingest/pagerduty', other, pagerDutyHeaders(other, 'wh-replay'));

    // Assess
    expect(first.status).toBe(202);
    expectProblem(replay, 409);
  });

  it.each([
    ['a missing signature', 'ingest/pagerduty', () => triggered, () => ({ 'x-webhook-id': 'wh-x' }), 401, undefined],
    ['malformed JSON', 'ingest/azure-monitor', () => loadEventText('azure-monitor', 'invalid-malformed.json'), () => ({}), 400, ''],
    ['a missing field', 'ingest/azure-monitor', () => loadEventText('azure-monitor', 'invalid-missing-alert-id.json'), () => ({}), 400, 'data.essentials.alertId'],
    ['a non-common-schema payload', 'ingest/azure-monitor', () => loadEventText('azure-monitor', 'invalid-non-common-schema.json'), () => ({}), 400, undefined],
    ['an unknown PagerDuty event type', 'ingest/pagerduty', () => loadEventText('pagerduty', 'invalid-unknown-event-type.json'), () => pagerDutyHeaders(loadEventText('pagerduty', 'invalid-unknown-event-type.json'), 'wh-unknown'), 400, undefined],
    ['a wrong content type', 'ingest/azure-monitor', () => azureMonitorAlert(guid()), () => ({ 'content-type': 'text/plain' }), 415, undefined],
    ['an oversize body', 'ingest/azure-monitor', () => JSON.stringify({ pad: 'x'.repeat(70000) }), () => ({}), 413, undefined],
  ])('answers %s with the right status and a problem naming it', async (_name, route, body, headers, status, fieldPath) => {
    // Prepare
    const before = await recordCount();

    // Act
    const answer = await post(host, route, body(), headers());

    // Assess
    expectProblem(answer, status);
    if (fieldPath !== undefined) expect(answer.body.errors.map((e: { path: string }) => e.path)).toContain(fieldPath);
    expect(await recordCount()).toBe(before);
  });

  it('answers a missing function key on the keyed route with 401 and an anonymous route without a signature with 401', async () => {
    // Act
    const keyless = await fetch(`${host.url}/api/ingest/azure-monitor`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: azureMonitorAlert(guid()) });
    const unsigned = await fetch(`${host.url}/api/ingest/servicenow`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: loadEventText('servicenow', 'incident-created.json') });

    // Assess
    expect(keyless.status).toBe(401);
    expect(unsigned.status).toBe(401);
    expect(unsigned.headers.get('content-type')).toContain('application/problem+json');
  });
});
