import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { approvalIdFor, createApprovalStore } from '../../../shared/governance';
import { startDevhostProcess, type DevhostProcess } from '../../helpers/devhostProcess';

describe('approvals HTTP functions through the devhost', () => {
  let host: DevhostProcess;
  const tableName = `Approvals${randomBytes(4).toString('hex')}`;
  const store = createApprovalStore(TableClient.fromConnectionString(process.env.TEST_STORAGE_CONNECTION_STRING!, tableName, { allowInsecureConnection: true }));
  const base = {
    investigationId: 'inv-http',
    instanceId: 'inv-http:h1',
    hypothesisId: 'h1',
    toolName: 'azure_cli',
    invocation: 'azure_cli(az webapp restart -n <b>app</b>)',
    requestReason: 'needs approval',
    requestedAt: '2026-03-04T09:17:00.000Z',
    expiresAt: '2026-03-04T10:17:00.000Z',
  };

  beforeAll(async () => {
    host = await startDevhostProcess({ app: '.', env: { GOVERNANCE_APPROVALS_TABLE: tableName } });
  });

  afterAll(async () => {
    await host.stop();
  });

  const url = (path: string): string => `${host.url}/api/${path}${path.includes('?') ? '&' : '?'}code=${host.functionKey}`;

  it('refuses a request without the function key', async () => {
    const response = await fetch(`${host.url}/api/approvals/${approvalIdFor('x', 'y')}`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(401);
  });

  it('answers 404 for an unknown approval', async () => {
    const response = await fetch(url(`approvals/${approvalIdFor('nope', 'nope')}`), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ decision: 'approve', reason: 'fine' }) });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers 400 naming the field when the decision is invalid', async () => {
    const record = await store.request({ ...base, toolCallId: 'toolu_bad' });
    const response = await fetch(url(`approvals/${record.id}`), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ decision: 'maybe' }) });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Array<{ path: string }> };
    expect(body.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['decision', 'reason']));
  });

  it('answers 409 when the approval was decided already', async () => {
    // Prepare
    const record = await store.request({ ...base, toolCallId: 'toolu_done' });
    await store.decide(record.id, { status: 'approved', decidedBy: 'entra:alice@contoso.com', reason: 'ok', decidedAt: '2026-03-04T09:20:00.000Z' });

    // Act
    const response = await fetch(url(`approvals/${record.id}`), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ decision: 'reject', reason: 'too late' }) });

    // Assess
    expect(response.status).toBe(409);
    expect((await store.get(record.id))?.decidedBy).toBe('entra:alice@contoso.com');
  });

  it('answers 409 and keeps the approval pending when no orchestration waits for it', async () => {
    const record = await store.request({ ...base, instanceId: `gone-${randomBytes(3).toString('hex')}`, toolCallId: 'toolu_gone' });
    const response = await fetch(url(`approvals/${record.id}`), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ decision: 'approve', reason: 'go' }) });
    expect(response.status).toBe(409);
    expect((await store.get(record.id))?.status).toBe('pending');
  });

  it('serves the escaped approval page and lists approvals by investigation', async () => {
    const record = await store.request({ ...base, toolCallId: 'toolu_page' });
    const page = await fetch(url(`approvals/${record.id}`));
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('&#60;b&#62;app&#60;/b&#62;');
    expect(html).not.toContain('<b>app</b>');
    const list = await fetch(url('approvals?investigation=inv-http'));
    const body = (await list.json()) as { approvals: Array<{ id: string }> };
    expect(body.approvals.map((a) => a.id)).toContain(record.id);
  });
});
