import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runToolCall } from '../../../shared/investigation/runToolCall';
import type { RunToolInput } from '../../../shared/investigation/investigationSchemas';
import { stopMcpServers } from '../../../shared/mcp/mcpRegistry';
import { repoRoot } from '../../helpers/devhostProcess';

/** Remediation actions through the governed tool path, against an MCP server with a side effect. */
describe('runToolCall for a remediation action', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-action-'));
  const actionLog = join(dir, 'actions.log');
  writeFileSync(
    join(dir, 'mcp.yaml'),
    `servers:\n  actions:\n    enabled: true\n    transport: stdio\n    command: ${process.execPath}\n    args: [${join(repoRoot, 'dist', 'test', 'helpers', 'fakes', 'actionMcpServer.js')}]\n    env: { ACTION_LOG: ${actionLog} }\n`,
  );
  writeFileSync(join(dir, 'rules.yaml'), 'rules:\n  - ask: mcp__actions__restart_web_app(resource=ask-*)\n  - deny: mcp:actions/restart_web_app(resource=prod-*)\n');
  const env: NodeJS.ProcessEnv = { ...process.env, AzureWebJobsStorage: process.env.TEST_STORAGE_CONNECTION_STRING!, MCP_CONFIG_FILE: join(dir, 'mcp.yaml'), GOVERNANCE_RULES_FILE: join(dir, 'rules.yaml') };
  const investigationId = `inv-action-${dir.slice(-6).toLowerCase()}`;
  afterAll(() => stopMcpServers());

  const restarts = (resource: string): number => (existsSync(actionLog) ? readFileSync(actionLog, 'utf8').split('\n').filter((l) => l === `restart ${resource}`).length : 0);
  const action = (callId: string, resource: string, mode: RunToolInput['mode'], approvedBy?: string, planRules: RunToolInput['planRules'] = []): RunToolInput => ({
    schemaVersion: 1,
    investigationId,
    hypothesisId: 'h1',
    callId,
    tool: 'mcp__actions__restart_web_app',
    arguments: { resource },
    allowedTools: ['mcp__actions__restart_web_app'],
    now: new Date().toISOString(),
    planId: 'default',
    planRules,
    mode,
    turn: 0,
    maxTurns: 0,
    action: true,
    ...(approvedBy ? { approvedBy } : {}),
  });

  it('runs an unruled action in autonomous mode, and a retry of the same call returns the recorded result without running it again', async () => {
    // Act
    const first = await runToolCall(action('action:h1:auto', 'auto-1', 'autonomous'), env);
    const retry = await runToolCall(action('action:h1:auto', 'auto-1', 'autonomous'), env);

    // Assess
    expect(first.approval).toBeUndefined();
    expect(first.record.result.status).toBe('success');
    expect(retry.record.result.status).toBe('success');
    expect(retry.record.result.summary).toContain('(recorded result; not run again)');
    expect(restarts('auto-1')).toBe(1);
  });

  it('asks in autonomous mode when a rule asks, and denies in every mode when a rule denies', async () => {
    // Act
    const asked = await runToolCall(action('action:h1:ask', 'ask-1', 'autonomous'), env);
    const deniedAuto = await runToolCall(action('action:h1:prod-a', 'prod-1', 'autonomous'), env);
    const deniedReview = await runToolCall(action('action:h1:prod-r', 'prod-1', 'review'), env);

    // Assess
    expect(asked.approval?.reason).toMatch(/needs approval by rule 'ask: mcp__actions__restart_web_app\(resource=ask-\*\)'/);
    expect(deniedAuto.record.result.error?.code).toBe('denied_by_policy');
    expect(deniedReview.record.result.error?.code).toBe('denied_by_policy');
    expect(restarts('ask-1') + restarts('prod-1')).toBe(0);
  });

  it("applies the plan's own rules (a workflow template's deny list) in plan scope: the action is denied and never runs", async () => {
    const denied = await runToolCall(action('action:h1:plan-deny', 'auto-2', 'autonomous', undefined, [{ deny: 'mcp:actions/*', reason: 'Azure SRE Agent deny list: RestartWebApp' }]), env);
    expect(denied.record.result.error?.code).toBe('denied_by_policy');
    expect(denied.record.result.error?.message).toMatch(/plan, plan default \(its rules:\).*Azure SRE Agent deny list/);
    expect(restarts('auto-2')).toBe(0);
  });

  it('asks in review mode, then runs once after a person approved it', async () => {
    // Act
    const asked = await runToolCall(action('action:h1:review', 'review-1', 'review'), env);
    const approved = await runToolCall(action('action:h1:review', 'review-1', 'review', 'alice@example.com'), env);

    // Assess
    expect(asked.approval?.reason).toMatch(/write tool with no matching rule, review mode/);
    expect(restarts('review-1')).toBe(1);
    expect(approved.record.result.status).toBe('success');
  });
});
