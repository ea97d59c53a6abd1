/**
 * A local Event Grid custom topic (CloudEvents v1.0 input schema) over HTTPS: POST /api/events
 * with `aeg-sas-key` (or a bearer token) and a JSON array of CloudEvents
 * (`application/cloudevents-batch+json`); 200 with an empty body on success, 401 on a wrong key,
 * 400 on an event missing required attributes.
 */
import { startFakeHttpServer, type FakeHttpServer } from './fakeHttpServer';

interface EventGridFake extends FakeHttpServer {
  /** CloudEvents accepted, in order. */
  events: Record<string, unknown>[];
  endpoint: string;
}

async function startEventGridFake(credential: { key?: string; bearer?: string }, tls: { key: string; cert: string }): Promise<EventGridFake> {
  const events: Record<string, unknown>[] = [];
  const server = await startFakeHttpServer((req) => {
    const keyOk = credential.key !== undefined && req.headers['aeg-sas-key'] === credential.key;
    const bearerOk = credential.bearer !== undefined && req.headers.authorization === `Bearer ${credential.bearer}`;
    if (!keyOk && !bearerOk) return { status: 401, body: { error: { code: 'Unauthorized', message: 'The request authorization key is not authorized.' } } };
    if (req.method !== 'POST' || req.path !== '/api/events') return { status: 404, body: { error: { code: 'NotFound', message: 'not found' } } };
    if (!String(req.headers['content-type']).startsWith('application/cloudevents-batch+json')) return { status: 400, body: { error: { code: 'BadRequest', message: 'expected a CloudEvents batch' } } };
    if (!Array.isArray(req.json)) return { status: 400, body: { error: { code: 'BadRequest', message: 'expected a JSON array' } } };
    for (const event of req.json as Record<string, unknown>[]) {
      for (const attribute of ['specversion', 'id', 'source', 'type']) {
        if (typeof event[attribute] !== 'string') return { status: 400, body: { error: { code: 'BadRequest', message: `required attribute ${attribute} is missing` } } };
      }
    }
    events.push(...(req.json as Record<string, unknown>[]));
    return { status: 200 };
  }, tls);
  return Object.assign(server, { events, endpoint: `${server.url}/api/events` });
}

export { startEventGridFake };
export type { EventGridFake };
