import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startDevhostProcess, type DevhostProcess } from '../../helpers/devhostProcess';
import {
  acceptableReport,
  appInsightsCall,
  auditWhere,
  requestsOf,
  scenarioResponder,
  startGovernedInvestigation,
  toolResultIn,
  uploadGovernedPlans,
  writeGovernanceFiles,
  type GovernanceFiles,
} from '../../helpers/governanceFixtures';
import { scenarioIncident, scriptedEngineEnv, waitForReport } from '../../helpers/modelInvestigation';
import { reply, startScriptedModelServer, type RecordedRequest, type ScriptedModelServer } from '../../helpers/scriptedModelServer';

const RULES = `rules:
  - allow: app_insights_query(*)
`;

// Hooks act on one subagent each (agent_name is the hypothesis id), so the scenarios share a file.
const HOOKS = `hooks:
  PreToolUse:
    - name: block-marked
      type: command
      matcher: app_insights_query
      command: ./block-marked.sh
      timeout: 10
      failMode: allow
    - name: hang-block
      type: command
      matcher: app_insights_query
      command: ./hang.sh hang-block-h
      timeout: 1
      failMode: block
    - name: hang-allow
      type: command
      matcher: app_insights_query
      command: ./hang.sh hang-allow-h
      timeout: 1
      failMode: allow
  PostToolUse:
    - name: hide-version
      type: command
      matcher: "*"
      command: ./hide-version.mjs
      timeout: 10
      failMode: allow
  Stop:
    - name: require-runbook
      type: command
      command: ./require-runbook.sh
      timeout: 10
      failMode: allow
`;

const BLOCK_REASON = 'Blocked by the test hook: App Insights is off limits for blocked-h';

const SCRIPTS = {
  'block-marked.sh': `#!/usr/bin/env bash
input=$(cat)
case "$input" in
  *'"agent_name":"blocked-h"'*) echo "${BLOCK_REASON}" >&2; exit 2 ;;
esac
exit 0
`,
  // Hangs for the subagent named in $1 (the hook's timeout stops it), allows everyone else.
  'hang.sh': `#!/usr/bin/env bash
input=$(cat)
case "$input" in
  *"\\"agent_name\\":\\"$1\\""*) sleep 30 ;;
esac
exit 0
`,
  // Rewrites rewrite-h's result: every release number becomes a placeholder.
  'hide-version.mjs': `#!/usr/bin/env node
let raw = '';
process.stdin.on('data', (c) => (raw += c)).on('end', () => {
  const event = JSON.parse(raw);
  // plain-h's result stays as it is, with a note for the model.
  if (event.agent_name === 'plain-h') return process.stdout.write(JSON.stringify({ hookSpecificOutput: { additionalContext: 'NOTE-FROM-HOOK: compare with the deploy log' } }));
  if (event.agent_name !== 'rewrite-h') return;
  const rewritten = JSON.parse(JSON.stringify(event.tool_result).replaceAll('2.5.0', 'release-hidden-by-hook'));
  process.stdout.write(JSON.stringify({ hookSpecificOutput: { updatedToolOutput: rewritten } }));
});
`,
  // Rejects a report asking for the runbook check once (no marker yet), then accepts it.
  'require-runbook.sh': `#!/usr/bin/env bash
input=$(cat)
case "$input" in
  *RUNBOOK-CHECK*) ;;
  *) exit 0 ;;
esac
if [ -e ./stop-hook-rejected.marker ]; then exit 0; fi
touch ./stop-hook-rejected.marker
printf '%s' '{"decision":"block","reason":"the report must link the orders-api runbook"}'
`,
};

function isSynthesis(request: RecordedRequest): boolean {
  return Boolean(request.body?.tools?.some((tool) => tool.name === 'submit_report'));
}

describe('governance hooks through the investigation engine', () => {
  let server: ScriptedModelServer;
  let host: DevhostProcess;
  let files: GovernanceFiles;

  beforeAll(async () => {
    files = writeGovernanceFiles({ rules: RULES, hooks: HOOKS, scripts: SCRIPTS });
    const plans = await uploadGovernedPlans([
      { id: 'gov-block', hypothesisIds: ['blocked-h'] },
      { id: 'gov-hang', hypothesisIds: ['hang-block-h', 'hang-allow-h'] },
      { id: 'gov-rewrite', hypothesisIds: ['rewrite-h', 'plain-h'] },
      { id: 'gov-stop', hypothesisIds: ['stop-h'] },
    ]);
    server = await startScriptedModelServer({
      responder: scenarioResponder({
        firstTurns: Object.fromEntries(['blocked-h', 'hang-block-h', 'hang-allow-h', 'rewrite-h', 'plain-h', 'stop-h'].map((h) => [h, reply.toolUse([appInsightsCall(`toolu_${h}_1`)])])),
        synthesis: (request) => acceptableReport(request.rawBody.includes('stop-h') ? 'RUNBOOK-CHECK: requests fail since the last release.' : undefined),
      }),
    });
    host = await startDevhostProcess({
      app: '.',
      env: {
        ...scriptedEngineEnv(server, plans),
        GOVERNANCE_RULES_FILE: files.rulesFile,
        GOVERNANCE_HOOKS_FILE: files.hooksFile!,
      },
    });
  });

  afterAll(async () => {
    await host?.stop();
    await server?.close();
  });

  it('lets a PreToolUse command hook block a call the rules allow, and the model reads the hook reason', async () => {
    // Act
    const id = await startGovernedInvestigation(host, await scenarioIncident(), 'gov-block');
    await waitForReport(host, id);

    // Assess
    const turns = requestsOf(server.messageRequests(), 'blocked-h');
    expect(turns).toHaveLength(2);
    const result = toolResultIn(turns[1]!, 'toolu_blocked-h_1');
    expect(result?.is_error).toBe(true);
    expect(result?.content).toContain('denied_by_policy');
    expect(result?.content).toContain(BLOCK_REASON);
    expect(result?.content).not.toContain('2.5.0');
    const records = await auditWhere(host, id, (r) => r.some((x) => x.kind === 'decision' && x.toolCallId !== undefined));
    expect(records.find((r) => r.kind === 'decision' && r.toolCallId !== undefined)!.summary).toBe(`deny: blocked by hook block-marked: ${BLOCK_REASON}`);
    expect(records.filter((r) => r.kind === 'tool_call')).toEqual([]);
  });

  it('stops a hanging hook at its timeout and applies its fail mode: block refuses the call, allow runs it', async () => {
    // Act
    const id = await startGovernedInvestigation(host, await scenarioIncident(), 'gov-hang');
    await waitForReport(host, id);

    // Assess: the fail-closed hook refused its call after about its 1 s timeout, not the 30 s sleep
    const blockTurns = requestsOf(server.messageRequests(), 'hang-block-h');
    const blocked = toolResultIn(blockTurns[1]!, 'toolu_hang-block-h_1');
    expect(blocked?.is_error).toBe(true);
    expect(blocked?.content).toContain('denied_by_policy');
    expect(blocked?.content).toMatch(/hook hang-block failed and fails closed \(hook hang-block did not answer within 1 s/);
    const blockWait = blockTurns[1]!.receivedAt - blockTurns[0]!.answeredAt!;
    expect(blockWait).toBeGreaterThanOrEqual(900);
    expect(blockWait).toBeLessThan(10000);

    // Assess: the fail-open hook also hung, and its call ran
    const allowTurns = requestsOf(server.messageRequests(), 'hang-allow-h');
    const allowed = toolResultIn(allowTurns[1]!, 'toolu_hang-allow-h_1');
    expect(allowed?.is_error).toBeUndefined();
    expect(allowed?.content).toContain('2.5.0');
    expect(allowTurns[1]!.receivedAt - allowTurns[0]!.answeredAt!).toBeGreaterThanOrEqual(900);
    const records = await auditWhere(host, id, (r) => r.some((x) => x.kind === 'tool_call'));
    expect(records.filter((r) => r.kind === 'tool_call').map((r) => r.toolCallId)).toEqual(['toolu_hang-allow-h_1']);
  });

  it('shows the model the result a PostToolUse hook rewrote instead of the original', async () => {
    // Act
    const id = await startGovernedInvestigation(host, await scenarioIncident(), 'gov-rewrite');
    await waitForReport(host, id);

    // Assess: the rewritten result replaced every release number; the untouched twin still has it
    const rewritten = toolResultIn(requestsOf(server.messageRequests(), 'rewrite-h')[1]!, 'toolu_rewrite-h_1');
    expect(rewritten?.is_error).toBeUndefined();
    expect(rewritten?.content).toContain('release-hidden-by-hook');
    expect(rewritten?.content).not.toContain('2.5.0');
    const plain = toolResultIn(requestsOf(server.messageRequests(), 'plain-h')[1]!, 'toolu_plain-h_1');
    expect(plain?.content).toContain('2.5.0');
    expect(plain?.content).not.toContain('release-hidden-by-hook');
    // a hook's additionalContext reaches the model with the result
    expect(plain?.content).toContain('NOTE-FROM-HOOK: compare with the deploy log');
    // and the audit log names the hook that rewrote it
    const records = await auditWhere(host, id, (r) => r.filter((x) => x.kind === 'tool_call').length === 2);
    const hooks = (toolCallId: string) => (records.find((r) => r.kind === 'tool_call' && r.toolCallId === toolCallId)!.details!.hooks as Array<{ hook: string; rewrote: boolean }>);
    expect(hooks('toolu_rewrite-h_1')).toEqual([expect.objectContaining({ hook: 'hide-version', rewrote: true })]);
    expect(hooks('toolu_plain-h_1')).toEqual([expect.objectContaining({ hook: 'hide-version', rewrote: false })]);
  });

  it('lets a Stop hook reject the report once, sends its reason back to synthesis and shows the rejection in the timeline', async () => {
    // Prepare
    const before = server.messageRequests().length;

    // Act
    const id = await startGovernedInvestigation(host, await scenarioIncident(), 'gov-stop');
    const report = await waitForReport(host, id);

    // Assess: two syntheses, the second told why the first was rejected
    const synthesis = server.messageRequests().slice(before).filter((r) => isSynthesis(r) && r.rawBody.includes('stop-h'));
    expect(synthesis).toHaveLength(2);
    expect(JSON.stringify(synthesis[0]!.body!.messages)).not.toContain('rejected the previous report');
    expect(JSON.stringify(synthesis[1]!.body!.messages)).toContain('rejected the previous report: stop hook require-runbook: the report must link the orders-api runbook');
    expect(existsSync(join(files.dir, 'stop-hook-rejected.marker'))).toBe(true);

    // Assess: the timeline and the audit log show the rejection, then the acceptance
    const timeline = report.timeline as Array<{ event: string }>;
    expect(timeline.filter((t) => t.event.includes('stop hook require-runbook: the report must link the orders-api runbook'))).toHaveLength(1);
    expect(report.summary).toContain('RUNBOOK-CHECK');
    const records = await auditWhere(host, id, (r) => r.filter((x) => x.kind === 'hook').length >= 2);
    expect(records.filter((r) => r.kind === 'hook').map((r) => r.summary)).toEqual([
      'Stop hook rejected the report: the report must link the orders-api runbook',
      'Stop hooks accepted the report',
    ]);
  });
});
