import type { AccessToken, TokenCredential } from '@azure/identity';
import { selfSignedCertificate, type SelfSignedCertificate } from '../../../../devhost/logAnalytics/selfSignedCertificate';
import { deliveryMarkerOf } from '../../../../shared/destinations/deliveryKey';
import { EventGridDestination } from '../../../../shared/destinations/eventGrid/eventGridDestination';
import { InvestigationEventDataSchema } from '../../../../shared/destinations/eventGrid/investigationCloudEvent';
import { startEventGridFake, type EventGridFake } from '../../../helpers/fakes/eventGridFake';
import { fastRuntime, message } from '../destinationFixtures';

describe('Event Grid destination (real EventGridPublisherClient)', () => {
  let tls: SelfSignedCertificate;
  let fake: EventGridFake;

  beforeAll(async () => {
    tls = await selfSignedCertificate();
  });

  beforeEach(async () => {
    fake = await startEventGridFake({ key: 'topic-key', bearer: 'eg-token' }, tls);
  });

  afterEach(async () => {
    await fake.close();
  });

  const settings = (key?: string) => ({ EVENTGRID_TOPIC_ENDPOINT: fake.endpoint, EVENTGRID_TOPIC_KEY: key, EVENTGRID_EVENT_SOURCE: '/incident-responder/test' });

  it('publishes a CloudEvent for a completed investigation with the topic key, over HTTPS trusting the test CA', async () => {
    // Prepare
    const msg = message();
    const destination = new EventGridDestination(settings('${env:EG_KEY}'), undefined, fastRuntime({ extraCa: [tls.cert] }), { EG_KEY: 'topic-key' });

    // Act
    const first = await destination.deliver(msg, context('inv:event-grid:report'));
    const again = await destination.deliver(msg, context('inv:event-grid:report'));

    // Assess
    expect(first).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(fake.requests[0]!.headers['aeg-sas-key']).toBe('topic-key');
    const event = fake.events[0]!;
    expect(event).toMatchObject({ specversion: '1.0', type: 'IncidentResponder.Investigation.Completed', source: '/incident-responder/test', subject: `/investigations/${msg.investigationId}`, datacontenttype: 'application/json' });
    expect(InvestigationEventDataSchema.safeParse(event.data).success).toBe(true);
    expect(event.data).toMatchObject({ investigationId: msg.investigationId, report: { rootCause: msg.report!.rootCause, confidence: 0.82 } });
    expect(fake.events[1]!.id).toBe(event.id);
    expect(again.externalRef).toBe(`event:${String(event.id)}`);
  });

  it('uses the app identity when no key is set', async () => {
    // Prepare
    const credential: TokenCredential = { getToken: (): Promise<AccessToken> => Promise.resolve({ token: 'eg-token', expiresOnTimestamp: Date.now() + 3600_000 }) };
    const destination = new EventGridDestination(settings(), credential, fastRuntime({ extraCa: [tls.cert] }));

    // Act
    const result = await destination.deliver(message({ kind: 'investigation-started' }), context('k'));

    // Assess
    expect(result.status).toBe('delivered');
    expect(fake.requests[0]!.headers.authorization).toBe('Bearer eg-token');
    expect(fake.events[0]!.type).toBe('IncidentResponder.Investigation.Started');
  });

  it('retries a 503 outage with backoff and then records a failed delivery', async () => {
    // Prepare
    const runtime = fastRuntime({ extraCa: [tls.cert] });
    fake.failNext(3, { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'try later' } } });

    // Act
    const result = await new EventGridDestination(settings('topic-key'), undefined, runtime).deliver(message(), context('k'));

    // Assess
    expect(result).toMatchObject({ status: 'failed', attempts: 3, error: { code: 'http_503', retryable: true, message: expect.stringContaining('try later') } });
    expect(runtime.waits).toHaveLength(2);
  });

  it('refuses a plain-http topic endpoint', () => {
    // Act
    const build = (): unknown => new EventGridDestination({ ...settings('k'), EVENTGRID_TOPIC_ENDPOINT: 'http://127.0.0.1:9/api/events' }, undefined, fastRuntime());

    // Assess
    expect(build).toThrow(/EVENTGRID_TOPIC_ENDPOINT: must be an https/);
  });
});

function context(key: string) {
  return { idempotencyKey: key, marker: deliveryMarkerOf(key), recovering: false, completedSteps: new Set<string>(), completeStep: () => Promise.resolve() };
}
