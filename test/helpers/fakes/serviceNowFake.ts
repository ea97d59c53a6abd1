/**
 * A local ServiceNow Table API for the incident write-back: PATCH /api/now/table/incident/{sys_id}
 * (every value must be a string; `work_notes` appended to the journal, read back as ""),
 * GET /api/now/table/sys_journal_field with `valueLIKE`, and POST /oauth_token.do
 * (client_credentials). Basic or Bearer auth; errors as `{"error":{message,detail},"status":"failure"}`.
 */
import { startFakeHttpServer, type FakeHttpServer } from './fakeHttpServer';

interface ServiceNowFake extends FakeHttpServer {
  /** Incident fields by sys_id (string values only). */
  incidents: Map<string, Record<string, string>>;
  /** Work notes by sys_id, oldest first. */
  journal: Map<string, string[]>;
  /** Tokens issued by the OAuth endpoint. */
  issuedTokens: string[];
}

interface ServiceNowFakeAuth {
  basic?: { user: string; password: string };
  oauth?: { clientId: string; clientSecret: string; expiresIn?: number };
  /** When false, sys_journal_field reads answer 403 (an integration user without read on the journal). */
  journalReadable?: boolean;
}

function snError(status: number, message: string, detail = ''): { status: number; body: unknown } {
  return { status, body: { error: { message, detail }, status: 'failure' } };
}

async function startServiceNowFake(auth: ServiceNowFakeAuth, incidents: Record<string, Record<string, string>>): Promise<ServiceNowFake> {
  const records = new Map<string, Record<string, string>>(Object.entries(incidents).map(([id, fields]) => [id, { sys_id: id, ...fields }]));
  const journal = new Map<string, string[]>();
  const issuedTokens: string[] = [];
  const server = await startFakeHttpServer((req) => {
    if (req.path === '/oauth_token.do') {
      const form = new URLSearchParams(req.body);
      if (req.method !== 'POST' || form.get('grant_type') !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type' } };
      if (!auth.oauth || form.get('client_id') !== auth.oauth.clientId || form.get('client_secret') !== auth.oauth.clientSecret) return { status: 401, body: { error: 'access_denied' } };
      const token = `tok-${issuedTokens.length + 1}`;
      issuedTokens.push(token);
      return { status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: auth.oauth.expiresIn ?? 1799, scope: 'useraccount' } };
    }
    const header = req.headers.authorization ?? '';
    const basicOk = auth.basic && header === `Basic ${Buffer.from(`${auth.basic.user}:${auth.basic.password}`).toString('base64')}`;
    const bearerOk = auth.oauth && header.startsWith('Bearer ') && issuedTokens.includes(header.slice(7));
    if (!basicOk && !bearerOk) return snError(401, 'User Not Authenticated', 'Required to provide Auth information');
    if (req.headers.accept !== 'application/json') return snError(400, 'Accept header must be application/json');

    if (req.path === '/api/now/table/sys_journal_field' && req.method === 'GET') {
      if (auth.journalReadable === false) return snError(403, 'User Not Authorized', 'ACL exception');
      const query = req.query.get('sysparm_query') ?? '';
      const m = /^element_id=([0-9a-f]{32})\^element=work_notes\^valueLIKE(.+)$/.exec(query);
      if (!m) return snError(400, 'Unsupported query in the fake', query);
      const notes = journal.get(m[1]!) ?? [];
      return { status: 200, body: { result: notes.filter((n) => n.includes(m[2]!)).map((_, i) => ({ sys_id: `j${i}` })) } };
    }
    const match = /^\/api\/now\/table\/incident\/([^/]+)$/.exec(req.path);
    if (!match) return snError(400, 'Invalid table or path');
    const record = records.get(match[1]!);
    if (!record) return snError(404, 'No Record found', 'Record doesn\'t exist or ACL restricts the record retrieval');
    if (req.method !== 'PATCH') return snError(405, 'Method not supported');
    if (req.headers['content-type'] !== 'application/json') return snError(400, 'Content-Type must be application/json');
    const body = req.json;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return snError(400, 'Exception while reading request', 'The payload is not valid JSON.');
    for (const [field, value] of Object.entries(body)) {
      if (typeof value !== 'string') return snError(400, 'Invalid field value', `${field} must be a string`);
      if (field === 'work_notes') journal.set(record.sys_id!, [...(journal.get(record.sys_id!) ?? []), value]);
      else record[field] = value;
    }
    const fields = (req.query.get('sysparm_fields') ?? '').split(',').filter((f) => f.length > 0);
    const out: Record<string, string> = { ...record, work_notes: '' };
    return { status: 200, body: { result: fields.length > 0 ? Object.fromEntries(fields.map((f) => [f, out[f] ?? ''])) : out } };
  });
  return Object.assign(server, { incidents: records, journal, issuedTokens });
}

export { startServiceNowFake };
export type { ServiceNowFake, ServiceNowFakeAuth };
