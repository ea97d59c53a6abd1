import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deliverOnce } from '../../../../shared/destinations/deliverOnce';
import { deliveryKeyOf, deliveryMarkerOf } from '../../../../shared/destinations/deliveryKey';
import { PagerDutyDestination } from '../../../../shared/destinations/pagerDuty/pagerDutyDestination';
import { startPagerDutyFake, type PagerDutyFake } from '../../../helpers/fakes/pagerDutyFake';
import { fastRuntime, incident, message, PD_INCIDENT, testLedger } from '../destinationFixtures';

const TOKEN = 'u+test-token';
const published = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, '../../../../../test/shared/destinations/fixtures', name), 'utf8'));

/** The keys of an object, recursively, to compare request shapes with the published examples. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length > 0 ? [shape(value[0])] : [];
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]).sort(([a], [b]) => String(a).localeCompare(String(b))));
  return typeof value;
}

describe('PagerDuty destination', () => {
  let fake: PagerDutyFake;

  beforeEach(async () => {
    fake = await startPagerDutyFake(TOKEN, { [PD_INCIDENT]: 'triggered' });
  });

  afterEach(async () => {
    await fake.close();
  });

  function destination(runtime = fastRuntime()): PagerDutyDestination {
    return new PagerDutyDestination({ PAGERDUTY_API_TOKEN: TOKEN, PAGERDUTY_FROM_EMAIL: 'responder@example.com', PAGERDUTY_API_BASE_URL: fake.url }, runtime);
  }

  it('posts one note with the summary, root cause, report link and marker, shaped like the published create-note request', async () => {
    // Prepare
    const msg = message({ incident: incident('pagerduty') });
    const key = deliveryKeyOf(msg.investigationId, 'pagerduty', 'report');

    // Act
    const result = await deliverOnce(testLedger(), destination(), msg, key);

    // Assess
    expect(result).toMatchObject({ status: 'delivered', destination: 'pagerduty', externalRef: 'note:PN00001' });
    const post = fake.requests.find((r) => r.method === 'POST')!;
    expect(post.path).toBe(`/incidents/${PD_INCIDENT}/notes`);
    expect(post.headers).toMatchObject({ authorization: `Token token=${TOKEN}`, accept: 'application/vnd.pagerduty+json;version=2', from: 'responder@example.com', 'content-type': 'application/json' });
    expect(shape(post.json)).toEqual(shape(published('pagerduty_restv2_create-incident-note_request.json')));
    expect(shape(post.json)).toEqual(shape(published('rest-create-note.request.json')));
    const content = fake.notes.get(PD_INCIDENT)![0]!.content;
    expect(content).toContain(msg.report!.rootCause!);
    expect(content).toContain(msg.links.report);
    expect(content.split('\n').at(-1)).toBe(`-- ${deliveryMarkerOf(key)}`);
  });

  it('does not post the note twice when an attempted delivery is retried after the note landed', async () => {
    // Prepare: a first try posted the note but died before recording the outcome.
    const ledger = testLedger();
    const msg = message({ incident: incident('pagerduty') });
    const key = deliveryKeyOf(msg.investigationId, 'pagerduty', 'report');
    const first = await ledger.markAttempted(msg.investigationId, key, 'pagerduty', undefined, new Date());
    fake.notes.set(PD_INCIDENT, [{ id: 'PN-EARLIER', content: `earlier note\n-- ${deliveryMarkerOf(key)}` }]);

    // Act
    const result = await deliverOnce(ledger, destination(), msg, key);
    const again = await deliverOnce(ledger, destination(), msg, key);

    // Assess
    expect(first.state).toBe('attempted');
    expect(result).toMatchObject({ status: 'delivered', externalRef: 'note:PN-EARLIER' });
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    expect(fake.notes.get(PD_INCIDENT)).toHaveLength(1);
    expect(again).toMatchObject({ status: 'delivered', replayed: true });
    expect(fake.requests).toHaveLength(1);
  });

  it('acknowledges on start when the plan asks, with a PUT shaped like the published status update, and never reopens a resolved incident', async () => {
    // Prepare
    const msg = message({ kind: 'investigation-started', incident: incident('pagerduty'), planActions: { pagerduty: { acknowledge: true } } });

    // Act
    const result = await destination().deliver(msg, context('start'));
    fake.statuses.set(PD_INCIDENT, 'resolved');
    const afterResolve = await destination().deliver(msg, context('start-2'));

    // Assess
    expect(result.status).toBe('delivered');
    const put = fake.requests.find((r) => r.method === 'PUT')!;
    expect(put.json).toEqual({ incident: { type: 'incident_reference', status: 'acknowledged' } });
    const fixture = published('rest-update-status.request.json') as { incident: Record<string, unknown> };
    expect(Object.keys((put.json as { incident: object }).incident).every((k) => k in fixture.incident)).toBe(true);
    expect(afterResolve.status).toBe('delivered');
    expect(fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
    expect(fake.statuses.get(PD_INCIDENT)).toBe('resolved');
  });

  it('resolves with the root cause as resolution only in autonomous mode', async () => {
    // Prepare
    const planActions = { pagerduty: { resolve: true, statusUpdate: true } };
    const review = message({ incident: incident('pagerduty'), planActions, mode: 'review' });
    const autonomous = message({ incident: incident('pagerduty'), planActions, mode: 'autonomous' });

    // Act
    await destination().deliver(review, context('review'));
    const statusAfterReview = fake.statuses.get(PD_INCIDENT);
    await destination().deliver(autonomous, context('autonomous'));

    // Assess
    expect(statusAfterReview).toBe('triggered');
    expect(fake.statuses.get(PD_INCIDENT)).toBe('resolved');
    const put = fake.requests.filter((r) => r.method === 'PUT').at(-1)!;
    expect(put.json).toEqual({ incident: { type: 'incident_reference', status: 'resolved', resolution: expect.stringContaining(autonomous.report!.rootCause!) } });
    expect(shape(put.json)).toEqual(shape(published('rest-update-status.request.json')));
    expect(fake.statusUpdates.get(PD_INCIDENT)).toHaveLength(2);
  });

  it('waits out a 429 using the ratelimit-reset header, then posts', async () => {
    // Prepare
    const runtime = fastRuntime();
    fake.failNext(1, { status: 429, headers: { 'ratelimit-limit': '960', 'ratelimit-remaining': '0', 'ratelimit-reset': '1' }, body: published('rest-error-429.response.json') });

    // Act
    const result = await destination(runtime).deliver(message({ incident: incident('pagerduty') }), context('429'));

    // Assess
    expect(result.status).toBe('delivered');
    expect(runtime.waits).toEqual([1000]);
    expect(result.attempts).toBe(3);
  });

  it('records a failed, retryable delivery after an outage outlasts the retries, without throwing', async () => {
    // Prepare
    const runtime = fastRuntime();
    fake.failNext(3, { status: 500, body: { error: { message: 'Internal Server Error', code: 2000 } } });

    // Act
    const result = await destination(runtime).deliver(message({ incident: incident('pagerduty') }), context('outage'));

    // Assess
    expect(result).toMatchObject({ status: 'failed', attempts: 3, error: { code: 'http_500', retryable: true, httpStatus: 500 } });
    expect(runtime.waits).toHaveLength(2);
    expect(runtime.waits[1]!).toBeGreaterThan(runtime.waits[0]! / 2);
    expect(fake.notes.get(PD_INCIDENT)).toBeUndefined();
  });

  it('does not post a note twice when the POST timed out after PagerDuty created it', async () => {
    // Prepare: PagerDuty stores the note but answers after the client has given up
    const slow = await startPagerDutyFake(TOKEN, { [PD_INCIDENT]: 'triggered' }, { noteDelayMs: () => 600 });
    const runtime = fastRuntime({ policy: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 100, timeoutMs: 200 } });
    try {
      // Act
      const result = await new PagerDutyDestination({ PAGERDUTY_API_TOKEN: TOKEN, PAGERDUTY_FROM_EMAIL: 'responder@example.com', PAGERDUTY_API_BASE_URL: slow.url }, runtime).deliver(
        message({ incident: incident('pagerduty') }),
        context('timed-out-post'),
      );

      // Assess: the next round found its marker among the notes instead of posting again
      expect(result.status).toBe('delivered');
      expect(slow.notes.get(PD_INCIDENT)).toHaveLength(1);
      expect(slow.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });

  it('posts the root cause as a status update once, with the marker, and finds it in the log entries after a crash instead of posting it again', async () => {
    // Prepare: a first try posted the note and the status update, then died before recording the status update
    const ledger = testLedger();
    const msg = message({ incident: incident('pagerduty'), planActions: { pagerduty: { statusUpdate: true } } });
    const key = deliveryKeyOf(msg.investigationId, 'pagerduty', 'report');
    const first = await deliverOnce(ledger, destination(), msg, key);
    const row = (await ledger.get(msg.investigationId, key))!;
    await ledger.markFinished(row, { ...first, status: 'failed', error: { code: 'timeout', message: 'crashed', retryable: true } }, new Date());
    await ledger.addStep({ ...row, steps: [] }, 'note', new Date());

    // Act
    const retried = await deliverOnce(ledger, destination(), msg, key);

    // Assess
    expect(first.status).toBe('delivered');
    expect(retried.status).toBe('delivered');
    const updates = fake.statusUpdates.get(PD_INCIDENT) ?? [];
    expect(updates).toHaveLength(1);
    expect(updates[0]).toContain(msg.report!.rootCause!);
    expect(updates[0]!.split('\n').at(-1)).toBe(`-- ${deliveryMarkerOf(key)}`);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/status_updates'))).toHaveLength(1);
    expect(fake.requests.some((r) => r.method === 'GET' && r.path === `/incidents/${PD_INCIDENT}/log_entries`)).toBe(true);
  });

  it('does not post a status update twice when its answer was lost after PagerDuty created it', async () => {
    // Prepare: PagerDuty applies the status update and holds its answer until the client gives up
    const runtime = fastRuntime({ policy: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 100, timeoutMs: 300 } });
    fake.trap({ point: 'holding', matches: (r) => r.method === 'POST' && r.path.endsWith('/status_updates'), sprung: () => undefined });
    const msg = message({ incident: incident('pagerduty'), planActions: { pagerduty: { statusUpdate: true } } });

    // Act
    const result = await destination(runtime).deliver(msg, context('lost-status-update'));

    // Assess
    expect(result.status).toBe('delivered');
    expect(fake.statusUpdates.get(PD_INCIDENT)).toHaveLength(1);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/status_updates'))).toHaveLength(1);
  });

  it('times out a hanging server and reports it as a timeout', async () => {
    // Prepare
    fake.failNext(3, { status: 200, hang: true });

    // Act
    const result = await destination(fastRuntime({ policy: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 100, timeoutMs: 150 } })).deliver(message({ incident: incident('pagerduty') }), context('hang'));

    // Assess
    expect(result).toMatchObject({ status: 'failed', attempts: 3, error: { code: 'timeout', retryable: true } });
  });

  it('does not post past the 2000-note limit and does not retry a rejected request', async () => {
    // Prepare
    fake.notes.set(PD_INCIDENT, Array.from({ length: 2000 }, (_, i) => ({ id: `N${i}`, content: 'x' })));
    const wrongToken = new PagerDutyDestination({ PAGERDUTY_API_TOKEN: 'wrong', PAGERDUTY_FROM_EMAIL: 'responder@example.com', PAGERDUTY_API_BASE_URL: fake.url }, fastRuntime());

    // Act
    const full = await destination().deliver(message({ incident: incident('pagerduty') }), context('full'));
    const unauthorised = await wrongToken.deliver(message({ incident: incident('pagerduty') }), context('401'));

    // Assess
    expect(full).toMatchObject({ status: 'failed', error: { code: 'note_limit', retryable: false } });
    expect(unauthorised).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'http_401', retryable: false, message: expect.stringContaining('Authentication failed') } });
  });

  it('refuses a base URL outside the PagerDuty API hosts unless test hosts are allowed', () => {
    // Act
    const build = (url: string): PagerDutyDestination => new PagerDutyDestination({ PAGERDUTY_API_TOKEN: TOKEN, PAGERDUTY_FROM_EMAIL: 'a@b.co', PAGERDUTY_API_BASE_URL: url }, fastRuntime({ allowTestHosts: false }));

    // Assess
    expect(() => build('https://evil.example.com')).toThrow(/PAGERDUTY_API_BASE_URL: host evil.example.com is not allowed/);
    expect(() => build('http://api.pagerduty.com')).toThrow(/https/);
    expect(build('https://api.eu.pagerduty.com').isConfigured()).toBe(true);
  });
});

function context(key: string) {
  return { idempotencyKey: key, marker: deliveryMarkerOf(key), recovering: false, completedSteps: new Set<string>(), completeStep: () => Promise.resolve() };
}
