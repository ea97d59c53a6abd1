import { IncidentSchema } from '../../../../shared/incident';
import { createEventGridAdapter, eventGridSettings, type IngestOutcome } from '../../../../shared/sources';
import { loadEvent, loadEventText } from '../loadEvent';

const adapter = createEventGridAdapter(eventGridSettings.load({}));

async function parse(name: string, headers: Record<string, string> = {}): Promise<IngestOutcome[]> {
  return adapter.parse({ url: 'u', headers, rawBody: loadEventText('event-grid', name) });
}

async function problemOf(name: string): Promise<{ status: number; paths: string[] }> {
  const error = await parse(name).then(
    () => undefined,
    (caught: unknown) => caught as { status: number; errors: Array<{ path: string }> },
  );
  return { status: error?.status ?? 0, paths: (error?.errors ?? []).map((e) => e.path) };
}

describe('Source: Event Grid', () => {
  it('answers the Event Grid schema validation handshake with the validation code', async () => {
    // Act
    const outcomes = await parse('subscription-validation.json', { 'aeg-event-type': 'SubscriptionValidation' });
    // Assess
    expect(outcomes).toEqual([{ kind: 'validation', response: { status: 200, headers: { 'content-type': 'application/json' }, body: loadEvent('event-grid', 'subscription-validation.response.json') } }]);
  });

  it('answers the CloudEvents OPTIONS handshake with WebHook-Allowed-Origin', () => {
    const response = adapter.handshake({ method: 'OPTIONS', url: 'u', headers: { 'WebHook-Request-Origin': 'eventgrid.azure.net' }, rawBody: '' });
    expect(response?.headers['WebHook-Allowed-Origin']).toBe('eventgrid.azure.net');
    expect(adapter.handshake({ method: 'POST', url: 'u', headers: {}, rawBody: '' })).toBeUndefined();
    expect(() => adapter.handshake({ method: 'OPTIONS', url: 'u', headers: { 'WebHook-Request-Origin': 'evil.example' }, rawBody: '' })).toThrow(/not allowed/);
  });

  it('turns an availability change to Unavailable into an incident and back to Available into a resolve of it', async () => {
    // Act
    const [down] = await parse('resource-health.json');
    const [up] = await parse('resource-health-available.json');
    // Assess
    if (down?.kind !== 'incident' || up?.kind !== 'resolve') throw new Error('unexpected kinds');
    expect(IncidentSchema.parse(down.incident)).toMatchObject({
      title: 'vm-worker-07 is Unavailable',
      severity: 'Sev1',
      status: 'firing',
      firedAt: '2026-03-04T15:10:38.021Z',
      dedupeKey: 'event-grid:6b1d9e4f-2a7c-4d83-95e0-c3f8a1b7d246',
    });
    expect(down.incident.resources[0]).toMatchObject({ type: 'microsoft.compute/virtualmachines', resourceGroup: 'rg-shop-prod', name: 'vm-worker-07' });
    expect(up.incident.investigationKey).toBe(down.incident.investigationKey);
    expect(up.incident.resolvedAt).toBe('2026-03-04T15:31:00.550Z');
  });

  it('groups a CloudEvents resource annotation with the availability incident of the same VM', async () => {
    const [annotated] = await parse('resource-annotated-cloudevent.json');
    const [down] = await parse('resource-health.json');
    if (annotated?.kind !== 'incident' || down?.kind !== 'incident') throw new Error('unexpected kinds');
    expect(annotated.incident).toMatchObject({ title: 'vm-worker-07: Unexpected host failure', severity: 'Sev2' });
    expect(annotated.incident.investigationKey).toBe(down.incident.investigationKey);
  });

  it('maps a resource deletion CloudEvent to an incident about that resource', async () => {
    const [deleted] = await parse('resource-deleted-cloudevent.json');
    if (deleted?.kind !== 'incident') throw new Error(deleted?.kind);
    expect(deleted.incident).toMatchObject({ title: 'nsg-web-prod was deleted', severity: 'Sev3' });
  });

  it('maps a single event object as the Event Grid trigger hands it over', async () => {
    const [event] = loadEvent<unknown[]>('event-grid', 'resource-health.json');
    const outcomes = await adapter.parseEvent(event, { rawPayloadRef: 'raw/eg.json' });
    expect(outcomes[0]).toMatchObject({ kind: 'incident', incident: { rawPayloadRef: 'raw/eg.json' } });
  });

  it.each([
    ['invalid-unknown-type-cloudevent.json', 'type'],
    ['invalid-missing-event-type.json', '[0].eventType'],
    ['invalid-missing-target.json', '[0].data.resourceInfo.properties.targetResourceId'],
  ])('rejects %s with 400 naming %p', async (name, path) => {
    const problem = await problemOf(name);
    expect(problem.status).toBe(400);
    expect(problem.paths).toContain(path);
  });

  it('refuses notifications inside a SubscriptionValidation delivery', async () => {
    await expect(parse('resource-health.json', { 'aeg-event-type': 'SubscriptionValidation' })).rejects.toMatchObject({ status: 400 });
  });

  it('requires the delivery secret header when a secret is configured', async () => {
    // Prepare
    const secured = createEventGridAdapter(eventGridSettings.load({ EVENT_GRID_DELIVERY_SECRET: 'a-long-delivery-secret' }));
    const request = (headers: Record<string, string>) => ({ url: 'u', headers, rawBody: '[]' });
    // Act / Assess
    await expect(secured.authenticate(request({ 'x-delivery-secret': 'a-long-delivery-secret' }))).resolves.toBeUndefined();
    await expect(secured.authenticate(request({ 'x-delivery-secret': 'wrong' }))).rejects.toMatchObject({ status: 403 });
    await expect(secured.authenticate(request({}))).rejects.toMatchObject({ status: 401 });
  });

  it('names the envelope field at fault, for a single CloudEvent and inside a batch', async () => {
    // Prepare
    const cloudEvent = { specversion: '1.0', id: 'e1', source: '/subscriptions/s', type: 'Microsoft.ResourceNotifications.Resources.Deleted', data: {} };
    const { type: _type, ...withoutType } = cloudEvent;
    const request = (body: unknown) => ({ url: 'u', headers: {}, rawBody: JSON.stringify(body) });

    // Act
    const single = adapter.parse(request(withoutType));
    const batched = adapter.parse(request([cloudEvent, { ...cloudEvent, id: 7 }]));
    const wrongVersion = adapter.parse(request({ ...cloudEvent, specversion: '0.3' }));

    // Assess
    await expect(single).rejects.toMatchObject({ status: 400, errors: [{ path: 'type' }] });
    await expect(batched).rejects.toMatchObject({ status: 400, errors: [{ path: '[1].id' }] });
    await expect(wrongVersion).rejects.toMatchObject({ status: 400, errors: [{ path: 'specversion' }] });
  });

  it('refuses more events in one delivery than Event Grid sends (413) and events nested too deep for the trigger (400)', async () => {
    // Prepare
    const many = JSON.stringify(Array.from({ length: 5001 }, () => ({})));
    let deep: unknown = 'bottom';
    for (let i = 0; i < 10_000; i++) deep = [deep];

    // Act
    const tooMany = adapter.parse({ url: 'u', headers: {}, rawBody: many });
    const tooDeep = adapter.parseEvent({ id: 'e', eventType: 't', subject: 's', data: { nested: deep } });

    // Assess
    await expect(tooMany).rejects.toMatchObject({ status: 413, code: 'too-many-events' });
    await expect(tooDeep).rejects.toMatchObject({ status: 400, errors: [{ path: expect.stringMatching(/^data\.nested\[0\]/) }] });
  });
});
