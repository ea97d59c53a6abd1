/**
 * A local Teams Workflows trigger ("When a Teams webhook request is received"): accepts a POST
 * on its invoke path with a `sig` and a JSON body, answers 202 with an empty body as the real
 * trigger does, and runs the flow's "Post card" step: a body that is not a Workflows message with
 * an Adaptive Card Teams renders (1.5 at most, only the elements and actions a webhook card may
 * carry: {@link TeamsWorkflowMessageSchema}) is accepted all the same but its run fails, as in
 * Teams, so it lands in `failedRuns`, never in `posted`. A body over about 28 KB gets 413
 * "Request Entity Too Large".
 */
import { TeamsWorkflowMessageSchema } from '../../../shared/destinations/teams/adaptiveCardSchema';
import { startFakeHttpServer, type FakeHttpServer } from './fakeHttpServer';

const INVOKE_PATH = '/workflows/0a1b2c3d/triggers/manual/paths/invoke';

interface TeamsWorkflowFake extends FakeHttpServer {
  /** The URL to configure (path and signature included). */
  workflowUrl: string;
  /** Bodies whose card was posted to the channel, in order. */
  posted: unknown[];
  /** Bodies accepted (202) whose flow run failed on an invalid card, with the first problem. */
  failedRuns: Array<{ body: unknown; problem: string }>;
}

async function startTeamsWorkflowFake(sig: string): Promise<TeamsWorkflowFake> {
  const posted: unknown[] = [];
  const failedRuns: Array<{ body: unknown; problem: string }> = [];
  const server = await startFakeHttpServer((req) => {
    if (req.method !== 'POST' || req.path !== INVOKE_PATH) return { status: 404, body: { error: { code: 'NotFound', message: 'workflow not found' } } };
    if (req.query.get('sig') !== sig) return { status: 401, body: { error: { code: 'DirectApiAuthorizationRequired', message: 'signature mismatch' } } };
    if (Buffer.byteLength(req.body) > 28 * 1024) return { status: 413, body: { error: { code: 'RequestEntityTooLarge', message: 'Request Entity Too Large' } } };
    if (!String(req.headers['content-type']).startsWith('application/json') || req.json === undefined) {
      return { status: 400, body: { error: { code: 'InvalidRequestContent', message: 'The request content is not valid JSON.' } } };
    }
    const card = TeamsWorkflowMessageSchema.safeParse(req.json);
    if (card.success) posted.push(req.json);
    else failedRuns.push({ body: req.json, problem: `${card.error.issues[0]!.path.join('.')}: ${card.error.issues[0]!.message}` });
    return { status: 202 };
  });
  return Object.assign(server, { workflowUrl: `${server.url}${INVOKE_PATH}?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${sig}`, posted, failedRuns });
}

/** The delivery marker a posted card carries (its `deliveryRef` TextBlock), `undefined` without one. */
function deliveryRefOf(body: unknown): string | undefined {
  const parsed = TeamsWorkflowMessageSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const element = parsed.data.attachments[0]!.content.body?.find((e) => e.type === 'TextBlock' && e.id === 'deliveryRef');
  return element?.type === 'TextBlock' ? element.text : undefined;
}

export { startTeamsWorkflowFake, deliveryRefOf };
export type { TeamsWorkflowFake };
