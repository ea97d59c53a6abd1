/**
 * A local PagerDuty REST API v2 for the incidents routes the write-back uses, answering as the
 * published OpenAPI describes: notes (list, create; `{"note":{...}}`), incident GET/PUT with
 * status changes and the 1001/1002 errors, status updates (create only: the REST API has no route
 * that lists them) and the incident's log entries (`GET /incidents/{id}/log_entries`, classic
 * `limit`/`offset`/`more` pagination), where a status update shows as a `status_update_log_entry`
 * with its `message` and a note as an `annotate_log_entry`; `Token token=` auth, the versioned
 * Accept header, and `From` plus `Content-Type: application/json` required on writes; errors as
 * `{"error":{message,code,errors}}`.
 */
import { startFakeHttpServer, type FakeHttpServer } from './fakeHttpServer';

interface FakeNote {
  id: string;
  content: string;
}

interface PagerDutyFake extends FakeHttpServer {
  /** Notes per incident id. */
  notes: Map<string, FakeNote[]>;
  /** Status per incident id. */
  statuses: Map<string, 'triggered' | 'acknowledged' | 'resolved'>;
  statusUpdates: Map<string, string[]>;
}

/** Options of {@link startPagerDutyFake}; the defaults answer every request at once. */
interface PagerDutyFakeOptions {
  /**
   * How long to hold the answer to a note it has just created, given the note's content (0 or
   * undefined: answer at once). The note is stored before the wait, as when PagerDuty created it
   * but the response never reached the caller.
   */
  noteDelayMs?: (content: string) => number | undefined;
  /** Holds the answer to a note it has just created until the promise settles (undefined: answer at once). */
  noteHeldUntil?: (content: string) => Promise<unknown> | undefined;
}

interface FakeLogEntry {
  id: string;
  type: 'trigger_log_entry' | 'annotate_log_entry' | 'status_update_log_entry';
  summary: string;
  created_at: string;
  incident: { id: string; type: 'incident_reference' };
  channel?: { type: string; summary: string };
  message?: string;
}

const ACCEPT = 'application/vnd.pagerduty+json;version=2';

function pdError(status: number, code: number, message: string, errors: string[] = []): { status: number; body: unknown } {
  return { status, body: { error: { message, code, errors } } };
}

async function startPagerDutyFake(token: string, incidents: Record<string, 'triggered' | 'acknowledged' | 'resolved'>, options: PagerDutyFakeOptions = {}): Promise<PagerDutyFake> {
  const notes = new Map<string, FakeNote[]>();
  const statuses = new Map(Object.entries(incidents));
  const statusUpdates = new Map<string, string[]>();
  const logEntries = new Map<string, FakeLogEntry[]>(Object.keys(incidents).map((id) => [id, [{ id: 'RTRIGGER1', type: 'trigger_log_entry', summary: 'Triggered through the API.', created_at: '2026-03-04T09:29:00Z', incident: { id, type: 'incident_reference' } }]]));
  let nextLog = 1;
  const log = (id: string, entry: Omit<FakeLogEntry, 'id' | 'created_at' | 'incident'>): void => {
    logEntries.set(id, [...(logEntries.get(id) ?? []), { id: `RLOG${String(nextLog++).padStart(5, '0')}`, created_at: '2026-03-04T09:30:00Z', incident: { id, type: 'incident_reference' }, ...entry }]);
  };
  let nextId = 1;
  const server = await startFakeHttpServer((req) => {
    if (req.headers.authorization !== `Token token=${token}`) return pdError(401, 2006, 'Authentication failed');
    if (req.headers.accept !== ACCEPT) return pdError(400, 2001, 'Invalid Input Provided', ['Accept header must request version 2']);
    const write = req.method !== 'GET';
    if (write && !req.headers.from) return pdError(400, 2001, 'Invalid Input Provided', ['A valid From header is required']);
    if (write && !String(req.headers['content-type']).startsWith('application/json')) return pdError(400, 2001, 'Invalid Input Provided', ['Content-Type must be application/json']);
    const match = /^\/incidents\/([^/]+)(\/notes|\/status_updates|\/log_entries)?$/.exec(req.path);
    if (!match) return pdError(404, 5001, 'Not Found');
    const id = match[1]!;
    const status = statuses.get(id);
    if (!status) return pdError(404, 5001, 'Incident Not Found');
    const body = req.json as Record<string, Record<string, unknown>> | undefined;
    if (match[2] === '/notes') {
      const list = notes.get(id) ?? [];
      if (req.method === 'GET') return { status: 200, body: { notes: list.map((n) => ({ ...n, user: { id: 'PUSER01', type: 'user_reference' }, channel: { summary: 'The PagerDuty website or APIs' }, created_at: '2026-03-04T09:30:00Z' })) } };
      if (req.method !== 'POST') return pdError(405, 2001, 'Method not allowed');
      const content = body?.note?.content;
      if (typeof content !== 'string' || content.length === 0) return pdError(400, 2001, 'Invalid Input Provided', ['Note content is required']);
      if (list.length >= 2000) return pdError(400, 2001, 'Invalid Input Provided', ['Incident has reached the maximum number of notes']);
      const note = { id: `PN${String(nextId++).padStart(5, '0')}`, content };
      notes.set(id, [...list, note]);
      log(id, { type: 'annotate_log_entry', summary: 'Note added', channel: { type: 'api', summary: content } });
      const delayMs = options.noteDelayMs?.(content);
      const until = options.noteHeldUntil?.(content);
      return { status: 200, ...(delayMs ? { delayMs } : {}), ...(until ? { until } : {}), body: { note: { ...note, user: { id: 'PUSER01', type: 'user_reference' }, channel: { summary: 'The PagerDuty website or APIs' }, created_at: '2026-03-04T09:30:00Z' } } };
    }
    if (match[2] === '/status_updates') {
      if (req.method !== 'POST') return pdError(404, 5001, 'Not Found');
      const message = (req.json as { message?: unknown } | undefined)?.message;
      if (typeof message !== 'string' || message.length === 0) return pdError(400, 2001, 'Invalid Input Provided', ['message is required']);
      statusUpdates.set(id, [...(statusUpdates.get(id) ?? []), message]);
      log(id, { type: 'status_update_log_entry', summary: 'Status update posted', message });
      return { status: 200, body: { status_update: { id: `PSU${nextId++}`, message, created_at: '2026-03-04T09:30:00Z', sender: { id: 'PUSER01', type: 'user_reference' } } } };
    }
    if (match[2] === '/log_entries') {
      if (req.method !== 'GET') return pdError(404, 5001, 'Not Found');
      const limit = Math.min(100, Number(req.query.get('limit') ?? 25));
      const offset = Number(req.query.get('offset') ?? 0);
      if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(offset) || offset < 0) return pdError(400, 2001, 'Invalid Input Provided', ['limit and offset must be non-negative integers']);
      const all = logEntries.get(id) ?? [];
      return { status: 200, body: { log_entries: all.slice(offset, offset + limit), limit, offset, more: offset + limit < all.length, total: null } };
    }
    if (req.method === 'GET') return { status: 200, body: { incident: { id, type: 'incident', status } } };
    if (req.method !== 'PUT') return pdError(405, 2001, 'Method not allowed');
    const wanted = body?.incident?.status;
    if (body?.incident?.type !== 'incident_reference' || (wanted !== 'acknowledged' && wanted !== 'resolved')) return pdError(400, 2001, 'Invalid Input Provided');
    if (status === 'resolved') return pdError(400, 1001, 'Incident Already Resolved');
    if (status === wanted && wanted === 'acknowledged') return pdError(400, 1002, 'Incident Already Acknowledged');
    statuses.set(id, wanted);
    return { status: 200, body: { incident: { id, type: 'incident', status: wanted } } };
  });
  return Object.assign(server, { notes, statuses, statusUpdates });
}

export { startPagerDutyFake };
export type { PagerDutyFake, PagerDutyFakeOptions };
