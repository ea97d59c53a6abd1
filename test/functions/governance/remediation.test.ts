import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { eventually, repoRoot, startDevhostProcess, type DevhostProcess } from '../../helpers/devhostProcess';
import { acceptableReport, auditWhere, decideApproval, listApprovals, startGovernedInvestigation, writeGovernanceFiles } from '../../helpers/governanceFixtures';
import { scenarioIncident, scriptedEngineEnv, waitForReport } from '../../helpers/modelInvestigation';
import { reply, startScriptedModelServer, type ScriptedModelServer } from '../../helpers/scriptedModelServer';

/** A review-mode plan: the model checks the error rate; a supported hypothesis restarts the app, then the error rate is checked again. */
const PLAN = `id: remediate-plan
title: Restart on errors
match: { titleContains: "no incident has this title" }
mode: review
allowedTools: [mcp__actions__*]
budgets: { perHypothesis: { maxTurns: 2, maxToolCalls: 4 } }
hypotheses:
  - id: stuck-app
    title: The app is stuck and a restart clears it
    guidance: Look at the error rate.
    rootCauseCategory: bad_deployment
    checks:
      - { id: error-rate, tool: mcp__actions__error_rate, arguments: { resource: "{{ incident.title }}" } }
    verdictRules:
      - { when: "checks.\`error-rate\`.data.errorRatePercent > 5", verdict: supported, confidence: 0.8, summary: errors are high }
    remediations:
      - id: restart
        title: Restart the web app
        tool: mcp__actions__restart_web_app
        arguments: { resource: "{{ incident.title }}" }
        verify: { check: error-rate, after: PT2S, cleared: "check.data.errorRatePercent < 5" }
`;

// The restart is allowed by a rule: in review mode a remediation still waits for a person.
const RULES = `rules:
  - deny: mcp__actions__*(* delete *)
  - allow: mcp__actions__restart_web_app(*)
`;

const ACTION_ID = 'action:stuck-app:restart';

async function uploadPlan(): Promise<string> {
  const container = `plans-${randomBytes(4).toString('hex')}`;
  const client = BlobServiceClient.fromConnectionString(process.env.TEST_STORAGE_CONNECTION_STRING!).getContainerClient(container);
  await client.createIfNotExists();
  await client.getBlockBlobClient('remediate-plan.yaml').upload(PLAN, Buffer.byteLength(PLAN));
  return container;
}

interface RemediationJson {
  status: string;
  invocation: string;
  detail: string;
  verification?: { check: string; cleared: boolean | null; summary: string };
}

describe('remediation actions in review mode (model engine, an MCP server with a side effect)', () => {
  let server: ScriptedModelServer;
  let env: Record<string, string>;
  let actionLog: string;
  const hosts: DevhostProcess[] = [];

  const restartsOf = (resource: string): number => (existsSync(actionLog) ? readFileSync(actionLog, 'utf8').split('\n').filter((line) => line === `restart ${resource}`).length : 0);

  async function pendingAction(host: DevhostProcess, id: string): Promise<string> {
    const approval = await eventually(async () => (await listApprovals(host, id)).find((a) => a.toolCallId === ACTION_ID && a.status === 'pending'), 40000, 200);
    return approval.id;
  }

  async function reportWithRemediations(host: DevhostProcess, id: string): Promise<{ report: Record<string, unknown>; remediations: RemediationJson[] }> {
    return eventually(async () => {
      const report = await waitForReport(host, id, 60000);
      const remediations = report.remediations as RemediationJson[] | undefined;
      return remediations && remediations.length > 0 ? { report, remediations } : undefined;
    }, 60000, 500);
  }

  beforeAll(async () => {
    const files = writeGovernanceFiles({ rules: RULES });
    actionLog = join(files.dir, 'actions.log');
    const mcpFile = join(files.dir, 'mcp.yaml');
    writeFileSync(
      mcpFile,
      `servers:\n  actions:\n    enabled: true\n    transport: stdio\n    command: ${process.execPath}\n    args: [${join(repoRoot, 'dist', 'test', 'helpers', 'fakes', 'actionMcpServer.js')}]\n    env: { ACTION_LOG: ${actionLog} }\n`,
    );
    server = await startScriptedModelServer({
      responder: (request) => {
        if (request.body?.tools?.some((tool) => tool.name === 'submit_report')) return acceptableReport('The app was stuck.');
        const title = /"title":"([^"]+)"/.exec(JSON.stringify(request.body?.messages[0]?.content ?? '').replace(/\\"/g, '"'))?.[1] ?? '';
        const turn = request.body!.messages.filter((m) => m.role === 'assistant').length + 1;
        return turn === 1
          ? reply.toolUse([{ id: 'toolu_rate_1', name: 'mcp__actions__error_rate', input: { resource: title } }])
          : reply.toolUse([{ name: 'submit_verdict', input: { verdict: 'supported', confidence: 0.8, summary: 'The error rate is 23.5 %.', evidence: ['toolu_rate_1'], gaps: [] } }]);
      },
    });
    env = { ...scriptedEngineEnv(server, await uploadPlan()), GOVERNANCE_RULES_FILE: files.rulesFile, MCP_CONFIG_FILE: mcpFile };
    hosts.push(await startDevhostProcess({ app: '.', env }));
  });

  afterAll(async () => {
    await Promise.all(hosts.map((h) => h.stop()));
    await server?.close();
  });

  it('runs an approved restart once and records that the symptom cleared; a rejected one never runs', async () => {
    // Prepare
    const host = hosts[0]!;
    const base = await scenarioIncident();

    // Act: two investigations; approve one action, reject the other
    const approvedId = await startGovernedInvestigation(host, { ...base, title: 'app-approved' }, 'remediate-plan');
    const rejectedId = await startGovernedInvestigation(host, { ...base, title: 'app-rejected' }, 'remediate-plan');
    const [toApprove, toReject] = await Promise.all([pendingAction(host, approvedId), pendingAction(host, rejectedId)]);
    const before = { approved: restartsOf('app-approved'), rejected: restartsOf('app-rejected') };
    expect((await decideApproval(host, toApprove, 'approve', 'restart is fine')).status).toBe(200);
    expect((await decideApproval(host, toReject, 'reject', 'not during the sale')).status).toBe(200);
    const dryRun = await fetch(`${host.url}/api/investigations?code=${host.functionKey}`, { method: 'POST', body: JSON.stringify({ incident: { ...base, title: 'app-dry-run' }, planId: 'remediate-plan', dryRun: true }) });
    const dryRunId = ((await dryRun.json()) as { id: string }).id;
    const approved = await reportWithRemediations(host, approvedId);
    const rejected = await reportWithRemediations(host, rejectedId);

    // Assess: nothing ran while the approvals were pending
    expect(before).toEqual({ approved: 0, rejected: 0 });
    // Assess: the approved action ran once, and the verification saw the symptom clear
    expect(restartsOf('app-approved')).toBe(1);
    expect(approved.remediations).toEqual([
      expect.objectContaining({ status: 'executed', invocation: 'mcp:actions/restart_web_app(resource=app-approved)', verification: expect.objectContaining({ check: 'error-rate', cleared: true }) }),
    ]);
    const markdown = await (await fetch(`${host.url}/api/investigations/${approvedId}/report.md?code=${host.functionKey}`)).text();
    expect(markdown).toContain('## Remediation actions');
    expect(markdown).toContain('symptom cleared');
    // Assess: the rejected one never ran and says so
    expect(restartsOf('app-rejected')).toBe(0);
    expect(rejected.remediations).toEqual([expect.objectContaining({ status: 'rejected', invocation: 'mcp:actions/restart_web_app(resource=app-rejected)' })]);
    expect(rejected.remediations[0]).not.toHaveProperty('verification');
    expect(rejected.remediations[0]!.detail).toContain('not during the sale');

    // Assess: a dry run proposes the action and runs nothing, without asking anyone
    const dry = await reportWithRemediations(host, dryRunId);
    expect(dry.remediations).toEqual([expect.objectContaining({ status: 'dry_run', invocation: 'mcp:actions/restart_web_app(resource=app-dry-run)' })]);
    expect(restartsOf('app-dry-run')).toBe(0);
    expect(await listApprovals(host, dryRunId)).toEqual([]);

    // Assess: every step is in the audit log
    const records = await auditWhere(host, approvedId, (r) => r.filter((x) => x.kind === 'tool_call').length >= 3);
    const steps = records.filter((r) => r.toolCallId === ACTION_ID).map((r) => `${r.kind}:${r.actor.type}`);
    expect(steps).toEqual(expect.arrayContaining(['decision:system', 'approval:system', 'approval:human', 'tool_call:human']));
    expect(records.find((r) => r.kind === 'decision' && r.toolCallId === ACTION_ID)!.summary).toMatch(/^ask: remediation actions need a human in review mode \(allowed by rule 'allow: mcp__actions__restart_web_app\(\*\)'/);
    expect(records.some((r) => r.kind === 'tool_call' && r.toolCallId === 'verify:stuck-app:restart')).toBe(true);
  });

  it('does not run an approved action twice when the host is killed while it runs', async () => {
    // Prepare: this resource's restart takes 8 s
    const first = hosts[0]!;
    const id = await startGovernedInvestigation(first, { ...(await scenarioIncident()), title: 'app-slow' }, 'remediate-plan');
    const approvalId = await pendingAction(first, id);

    // Act: approve, kill -9 once the restart has started, start a new host on the same task hub
    await decideApproval(first, approvalId, 'approve', 'go');
    await eventually(async () => (restartsOf('app-slow') === 1 ? true : undefined), 40000, 100);
    await first.kill();
    const second = await startDevhostProcess({ app: '.', env, taskHub: first.taskHub, recordDir: first.recordDir });
    hosts.push(second);
    const { remediations } = await reportWithRemediations(second, id);

    // Assess: one restart only; the report says the outcome was unknown and what the verification saw
    expect(restartsOf('app-slow')).toBe(1);
    expect(remediations).toEqual([expect.objectContaining({ status: 'interrupted', verification: expect.objectContaining({ cleared: true }) })]);
    expect(remediations[0]!.detail).toContain('it was not run again');
  });
});
