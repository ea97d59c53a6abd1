/**
 * A local Teams Workflows trigger ("When a Teams webhook request is received"): accepts a POST
 * on its invoke path with a `sig`, answers 202 with an empty body as the real trigger does, and
 * keeps the cards; a body over about 28 KB gets 413 "Request Entity Too Large".
 */
import { startFakeHttpServer, type FakeHttpServer } from './fakeHttpServer';

const INVOKE_PATH = '/workflows/0a1b2c3d/triggers/manual/paths/invoke';

interface TeamsWorkflowFake extends FakeHttpServer {
  /** The URL to configure (path and signature included). */
  workflowUrl: string;
  /** Bodies accepted, in order. */
  posted: unknown[];
}

async function startTeamsWorkflowFake(sig: string): Promise<TeamsWorkflowFake> {
  const posted: unknown[] = [];
  const server = await startFakeHttpServer((req) => {
    if (req.method !== 'POST' || req.path !== INVOKE_PATH) return { status: 404, body: { error: { code: 'NotFound', message: 'workflow not found' } } };
    if (req.query.get('sig') !== sig) return { status: 401, body: { error: { code: 'DirectApiAuthorizationRequired', message: 'signature mismatch' } } };
    if (Buffer.byteLength(req.body) > 28 * 1024) return { status: 413, body: { error: { code: 'RequestEntityTooLarge', message: 'Request Entity Too Large' } } };
    posted.push(req.json);
    return { status: 202 };
  });
  return Object.assign(server, { workflowUrl: `${server.url}${INVOKE_PATH}?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${sig}`, posted });
}

export { startTeamsWorkflowFake };
export type { TeamsWorkflowFake };
