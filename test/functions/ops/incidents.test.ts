import type { DevhostProcess } from '../../helpers/devhostProcess';
import { azureMonitorAlert, get, guid, post, startIngestHost } from '../ingress/ingestHost';

describe('GET /api/incidents', () => {
  let host: DevhostProcess;

  beforeAll(async () => {
    host = await startIngestHost();
  });

  afterAll(async () => {
    await host.stop();
  });

  it('lists received alerts filtered by source and status, and shows one with its investigation', async () => {
    // Prepare
    const fired = await post(host, 'ingest/azure-monitor', azureMonitorAlert(guid()));
    const id = fired.body.results[0].id as string;

    // Act
    const bySource = await get(host, 'incidents?source=azure-monitor');
    const resolvedOnly = await get(host, 'incidents?status=resolved');
    const one = await get(host, `incidents/${id}`);

    // Assess
    expect(bySource.body.items.map((i: { id: string }) => i.id)).toContain(id);
    expect(resolvedOnly.body.items.map((i: { id: string }) => i.id)).not.toContain(id);
    expect(one.body).toMatchObject({ id, source: 'azure-monitor', status: 'firing', disposition: 'started', investigation: { id: fired.body.results[0].investigationId, group: { state: 'running' } } });
  });

  it('returns the body an alert arrived in, byte for byte, with its content type', async () => {
    // Prepare: a body with its own spacing and non-ASCII text, which a re-serialised copy would lose
    const alert = JSON.parse(azureMonitorAlert(guid())) as { data: { essentials: { description: string } } };
    alert.data.essentials.description = 'Überlast — naïve café';
    const body = JSON.stringify(alert, null, 3);
    const fired = await post(host, 'ingest/azure-monitor', body, { 'content-type': 'application/json; charset=utf-8' });
    const { id } = fired.body.results[0] as { id: string };

    // Act
    const raw = await fetch(`${host.url}/api/incidents/${id}/raw?code=${host.masterKey}`);
    const bytes = Buffer.from(await raw.arrayBuffer());
    const withFunctionKey = await fetch(`${host.url}/api/incidents/${id}/raw?code=${host.functionKey}`);
    const missing = await fetch(`${host.url}/api/incidents/azure-monitor_0_00000000000000000000000000000000/raw?code=${host.masterKey}`);

    // Assess
    expect(raw.status).toBe(200);
    expect(bytes.equals(Buffer.from(body, 'utf8'))).toBe(true);
    expect(raw.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(raw.headers.get('x-raw-payload-ref')).toBe(fired.body.rawPayloadRef);
    expect(raw.headers.get('content-security-policy')).toBe('sandbox');
    expect(withFunctionKey.status).toBe(401);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers an unknown id with 404 and an unknown source with 400, as problem+json', async () => {
    // Act
    const missing = await get(host, 'incidents/azure-monitor_00000000000000000000000000000000');
    const badSource = await get(host, 'incidents?source=nagios');

    // Assess
    expect(missing.status).toBe(404);
    expect(missing.contentType).toContain('application/problem+json');
    expect(badSource.status).toBe(400);
    expect(badSource.body.errors[0].path).toBe('source');
  });
});
