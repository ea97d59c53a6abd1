import { unapprovedToolResult } from '../../../../shared/governance/approvals/approvalOutcome';

describe('unapprovedToolResult', () => {
  const record = { toolName: 'azure_cli', invocation: 'azure_cli(az webapp restart -n shop)' };

  it.each([
    [5_000, 'within 5 seconds'],
    [90_000, 'within 90 seconds'],
    [15 * 60_000, 'within 15 minutes'],
    [4 * 3_600_000, 'within 4 hours'],
  ])('says a %i ms timeout in words the model can act on (%s)', (timeoutMs, words) => {
    const result = unapprovedToolResult(record, { type: 'timed_out', timeoutMs });
    expect(result).toMatchObject({ status: 'error', tool: 'azure_cli', error: { code: 'approval_timed_out' } });
    expect(result.error!.message).toContain(words);
  });

  it('names the approver and the reason of a rejection', () => {
    const result = unapprovedToolResult(record, {
      type: 'rejected',
      event: { schemaVersion: 1, approvalId: 'a1', decision: 'rejected', decidedBy: 'entra:alice@contoso.com', reason: 'not during business hours', decidedAt: '2026-11-23T00:00:00.000Z' },
    });
    expect(result.error).toMatchObject({ code: 'approval_rejected', message: expect.stringContaining('entra:alice@contoso.com: not during business hours') });
  });
});
