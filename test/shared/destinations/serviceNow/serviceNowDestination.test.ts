import { deliverOnce } from '../../../../shared/destinations/deliverOnce';
import { deliveryKeyOf, deliveryMarkerOf } from '../../../../shared/destinations/deliveryKey';
import { ServiceNowDestination } from '../../../../shared/destinations/serviceNow/serviceNowDestination';
import type { ServiceNowWriteBackSettings } from '../../../../shared/destinations/serviceNow/serviceNowWriteBackSettings';
import { startServiceNowFake, type ServiceNowFake } from '../../../helpers/fakes/serviceNowFake';
import { fastRuntime, incident, message, SYS_ID, testLedger } from '../destinationFixtures';

function settings(url: string, overrides: Partial<ServiceNowWriteBackSettings> = {}): ServiceNowWriteBackSettings {
  return { SERVICENOW_INSTANCE_URL: url, SERVICENOW_AUTH: 'basic', SERVICENOW_USERNAME: 'svc_ir', SERVICENOW_PASSWORD: 'pw', SERVICENOW_CLIENT_ID: undefined, SERVICENOW_CLIENT_SECRET: undefined, SERVICENOW_CLOSE_CODE: 'Solved (Permanently)', ...overrides };
}

describe('ServiceNow destination', () => {
  let fake: ServiceNowFake;

  beforeEach(async () => {
    fake = await startServiceNowFake({ basic: { user: 'svc_ir', password: 'pw' }, oauth: { clientId: 'cid', clientSecret: 'csecret' } }, { [SYS_ID]: { number: 'INC0048213', state: '2', impact: '2', urgency: '2', priority: '3' } });
  });

  afterEach(async () => {
    await fake.close();
  });

  it('adds a work note with one PATCH whose values are all strings, and sets impact and urgency but never priority', async () => {
    // Prepare
    const msg = message({ incident: incident('servicenow'), planActions: { servicenow: { impact: '1', urgency: '1' } } });

    // Act
    const result = await new ServiceNowDestination(settings(fake.url), fastRuntime()).deliver(msg, context('k1'));

    // Assess
    expect(result).toMatchObject({ status: 'delivered', attempts: 1, externalRef: `sys_id:${SYS_ID}` });
    expect(fake.requests).toHaveLength(1);
    const patch = fake.requests[0]!;
    expect(patch.method).toBe('PATCH');
    expect(patch.path).toBe(`/api/now/table/incident/${SYS_ID}`);
    expect(patch.headers).toMatchObject({ accept: 'application/json', 'content-type': 'application/json' });
    const body = patch.json as Record<string, unknown>;
    expect(Object.values(body).every((v) => typeof v === 'string')).toBe(true);
    expect(body).toMatchObject({ impact: '1', urgency: '1' });
    expect(body).not.toHaveProperty('priority');
    expect(body).not.toHaveProperty('state');
    expect(fake.journal.get(SYS_ID)![0]).toContain(deliveryMarkerOf('k1'));
  });

  it('resolves with close code and close notes only in autonomous mode', async () => {
    // Prepare
    const destination = new ServiceNowDestination(settings(fake.url), fastRuntime());
    const planActions = { servicenow: { resolve: true } };

    // Act
    await destination.deliver(message({ incident: incident('servicenow'), planActions, mode: 'review' }), context('review'));
    const stateAfterReview = fake.incidents.get(SYS_ID)!.state;
    await destination.deliver(message({ incident: incident('servicenow'), planActions, mode: 'autonomous' }), context('auto'));

    // Assess
    expect(stateAfterReview).toBe('2');
    expect(fake.incidents.get(SYS_ID)).toMatchObject({ state: '6', close_code: 'Solved (Permanently)', close_notes: expect.stringContaining('Root cause: Release 2.5.0') });
  });

  it('uses OAuth client credentials, caches the token, and fetches a new one after a 401', async () => {
    // Prepare
    const destination = new ServiceNowDestination(settings(fake.url, { SERVICENOW_AUTH: 'oauth', SERVICENOW_CLIENT_ID: 'cid', SERVICENOW_CLIENT_SECRET: '${env:SN_SECRET}' }), fastRuntime(), { SN_SECRET: 'csecret' });

    // Act
    await destination.deliver(message({ incident: incident('servicenow') }), context('a'));
    await destination.deliver(message({ incident: incident('servicenow') }), context('b'));
    fake.issuedTokens.splice(0, fake.issuedTokens.length, 'revoked-only');
    const afterRevoke = await destination.deliver(message({ incident: incident('servicenow') }), context('c'));

    // Assess
    const tokenRequests = fake.requests.filter((r) => r.path === '/oauth_token.do');
    expect(tokenRequests).toHaveLength(2);
    expect(new URLSearchParams(tokenRequests[0]!.body).get('grant_type')).toBe('client_credentials');
    expect(tokenRequests[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(afterRevoke.status).toBe('delivered');
    expect(fake.journal.get(SYS_ID)).toHaveLength(3);
  });

  it('finds its own work note through the journal when retrying an attempted delivery, and posts once', async () => {
    // Prepare
    const ledger = testLedger();
    const msg = message({ incident: incident('servicenow') });
    const key = deliveryKeyOf(msg.investigationId, 'servicenow', 'report');
    await ledger.markAttempted(msg.investigationId, key, 'servicenow', undefined, new Date());
    fake.journal.set(SYS_ID, [`earlier\n-- ${deliveryMarkerOf(key)}`]);

    // Act
    const result = await deliverOnce(ledger, new ServiceNowDestination(settings(fake.url), fastRuntime()), msg, key);

    // Assess
    expect(result.status).toBe('delivered');
    expect(fake.requests.map((r) => r.method)).toEqual(['GET']);
    expect(fake.requests[0]!.query.get('sysparm_query')).toBe(`element_id=${SYS_ID}^element=work_notes^valueLIKE${deliveryMarkerOf(key)}`);
    expect(fake.journal.get(SYS_ID)).toHaveLength(1);
  });

  it('waits for Retry-After on a 429 with the ServiceNow error body, then writes', async () => {
    // Prepare
    const runtime = fastRuntime();
    fake.failNext(1, { status: 429, headers: { 'Retry-After': '2', 'X-RateLimit-Rule': 'table-api' }, body: { error: { message: 'Rate limit exceeded', detail: 'Rate limit of 500 requests per hour for Table API exceeded' }, status: 'failure' } });

    // Act
    const result = await new ServiceNowDestination(settings(fake.url), runtime).deliver(message({ incident: incident('servicenow') }), context('429'));

    // Assess
    expect(result).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(runtime.waits).toEqual([2000]);
  });

  it('gives up with a retryable failure when Retry-After asks for longer than it waits', async () => {
    // Prepare
    fake.failNext(1, { status: 429, headers: { 'Retry-After': '3600' }, body: { error: { message: 'Rate limit exceeded', detail: 'hourly' }, status: 'failure' } });

    // Act
    const result = await new ServiceNowDestination(settings(fake.url), fastRuntime()).deliver(message({ incident: incident('servicenow') }), context('long'));

    // Assess
    expect(result).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'rate_limited', retryable: true, message: expect.stringContaining('asked to wait 3600 s') } });
  });

  it('pins the instance to service-now.com or servicenowservices.com hosts over https', () => {
    // Act
    const build = (url: string): ServiceNowDestination => new ServiceNowDestination(settings(url), fastRuntime({ allowTestHosts: false }));

    // Assess
    expect(build('https://contoso.service-now.com').isConfigured()).toBe(true);
    expect(build('https://contoso.servicenowservices.com').isConfigured()).toBe(true);
    expect(() => build('https://service-now.com.evil.example')).toThrow(/not allowed/);
    expect(() => build('https://contoso.service-now.com.evil.example')).toThrow(/not allowed/);
    expect(() => build('http://contoso.service-now.com')).toThrow(/https/);
    expect(() => new ServiceNowDestination(settings('https://contoso.service-now.com', { SERVICENOW_PASSWORD: undefined }), fastRuntime())).toThrow(/SERVICENOW_PASSWORD are required/);
  });
});

function context(key: string) {
  return { idempotencyKey: key, marker: deliveryMarkerOf(key), recovering: false, completedSteps: new Set<string>(), completeStep: () => Promise.resolve() };
}
