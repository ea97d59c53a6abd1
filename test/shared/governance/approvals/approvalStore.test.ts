import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { ApprovalConflictError, approvalEventName, approvalIdFor, createApprovalStore, renderApprovalPage, unapprovedToolResult, approverFrom, parseIsoDuration } from '../../../../shared/governance';

describe('createApprovalStore against Azurite', () => {
  const table = TableClient.fromConnectionString(process.env.TEST_STORAGE_CONNECTION_STRING!, `Approvals${randomBytes(4).toString('hex')}`, { allowInsecureConnection: true });
  const store = createApprovalStore(table);
  const request = {
    investigationId: 'inv-1',
    instanceId: 'inv-1:h1',
    toolCallId: 'toolu_9',
    hypothesisId: 'h1',
    toolName: 'azure_cli',
    invocation: 'azure_cli(az webapp restart -n <script>alert(1)</script>)',
    requestReason: 'needs approval by rule ask: azure_cli(az webapp restart *)',
    requestedAt: '2026-03-04T09:17:00.000Z',
    expiresAt: '2026-03-04T10:17:00.000Z',
  };

  afterAll(async () => {
    await table.deleteTable();
  });

  it('records a pending approval once, even when the activity runs twice', async () => {
    const first = await store.request(request);
    const second = await store.request(request);
    expect(second).toEqual(first);
    expect(first).toMatchObject({ id: approvalIdFor('inv-1:h1', 'toolu_9'), status: 'pending' });
    expect(await store.listByInvestigation('inv-1')).toHaveLength(1);
  });

  it('decides once and refuses a second decision with a conflict', async () => {
    // Prepare
    const id = approvalIdFor(request.instanceId, request.toolCallId);

    // Act
    const { record } = await store.decide(id, { status: 'approved', decidedBy: 'entra:alice@contoso.com', reason: 'ok', decidedAt: '2026-03-04T09:20:00.000Z' });
    const second = store.decide(id, { status: 'rejected', decidedBy: 'function-key', reason: 'no', decidedAt: '2026-03-04T09:21:00.000Z' });

    // Assess
    expect(record).toMatchObject({ status: 'approved', decidedBy: 'entra:alice@contoso.com' });
    await expect(second).rejects.toBeInstanceOf(ApprovalConflictError);
    expect((await store.get(id))?.status).toBe('approved');
  });

  it('puts a decision back to pending when raising the event fails', async () => {
    const other = { ...request, toolCallId: 'toolu_10' };
    const created = await store.request(other);
    const { revert } = await store.decide(created.id, { status: 'rejected', decidedBy: 'function-key', reason: 'no', decidedAt: '2026-03-04T09:22:00.000Z' });
    await revert();
    expect((await store.get(created.id))?.status).toBe('pending');
  });

  it('renders the approval page with every value escaped', async () => {
    const record = (await store.get(approvalIdFor('inv-1:h1', 'toolu_10')))!;
    const html = renderApprovalPage(record, '/api/approvals/x?code="><script>');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).not.toContain('"><script>');
    expect(html).toContain('name="decision" value="approve"');
  });
});

describe('approval helpers', () => {
  it('names the event after the approval id', () => {
    expect(approvalEventName('apr-1')).toBe('approval:apr-1');
  });

  it('answers the model with an error it can work around when rejected or timed out', () => {
    const rejected = unapprovedToolResult({ toolName: 'azure_cli', invocation: 'azure_cli(x)' }, { type: 'rejected', event: { schemaVersion: 1, approvalId: 'a', decision: 'rejected', decidedBy: 'entra:bob', reason: 'not during peak', decidedAt: '2026-03-04T09:20:00.000Z' } });
    const timedOut = unapprovedToolResult({ toolName: 'azure_cli', invocation: 'azure_cli(x)' }, { type: 'timed_out', timeoutMs: 3600000 });
    expect(rejected).toMatchObject({ status: 'error', error: { code: 'approval_rejected', message: expect.stringContaining('not during peak') } });
    expect(timedOut).toMatchObject({ status: 'error', error: { code: 'approval_timed_out', message: expect.stringContaining('60 minutes') } });
  });

  it('reads the Entra approver from x-ms-client-principal when the platform identity is trusted, else records function-key', () => {
    const principal = Buffer.from(JSON.stringify({ auth_typ: 'aad', name_typ: 'name', claims: [{ typ: 'name', val: 'alice@contoso.com' }] })).toString('base64');
    expect(approverFrom(new Headers({ 'x-ms-client-principal': principal }), true)).toBe('entra:alice@contoso.com');
    expect(approverFrom(new Headers(), true)).toBe('function-key');
  });

  it('ignores principal headers a caller sends when App Service Authentication is not vouching for them', () => {
    const forged = Buffer.from(JSON.stringify({ claims: [{ typ: 'name', val: 'ciso@contoso.com' }], name_typ: 'name' })).toString('base64');
    expect(approverFrom(new Headers({ 'x-ms-client-principal': forged, 'x-ms-client-principal-name': 'ciso@contoso.com' }), false)).toBe('function-key');
  });

  it('parses ISO 8601 durations for the approval timeout', () => {
    expect(parseIsoDuration('PT1H')).toBe(3600000);
    expect(parseIsoDuration('P1DT30M')).toBe(88200000);
    expect(parseIsoDuration('1 hour')).toBeUndefined();
  });
});
