import { randomBytes } from 'node:crypto';
import { eventually, startDevhostProcess, type DevhostProcess } from '../../helpers/devhostProcess';
import { startTeamsWorkflowFake, type TeamsWorkflowFake } from '../../helpers/fakes/teamsWorkflowFake';
import {
  appInsightsCall,
  auditWhere,
  requestsOf,
  scenarioResponder,
  startGovernedInvestigation,
  toolResultIn,
  uploadGovernedPlans,
  writeGovernanceFiles,
} from '../../helpers/governanceFixtures';
import { scenarioIncident, scriptedEngineEnv, waitForReport } from '../../helpers/modelInvestigation';
import { reply, startScriptedModelServer, type ScriptedModelServer } from '../../helpers/scriptedModelServer';

// Fresh secrets each run, so nothing can match them by accident or from an earlier run.
const ACCOUNT_KEY = randomBytes(64).toString('base64');
const BEARER_TOKEN = randomBytes(24).toString('hex');
const TOOL_PASSWORD = `Pw${randomBytes(12).toString('hex')}`;
const ANTHROPIC_KEY = `sk-ant-api03-${randomBytes(24).toString('hex')}`;
const SECRETS = { ACCOUNT_KEY, BEARER_TOKEN, TOOL_PASSWORD, ANTHROPIC_KEY };

const RULES = `rules:
  - allow: app_insights_query(*)
`;

const HOOKS = `hooks:
  PostToolUse:
    - name: plant-secret
      type: command
      matcher: app_insights_query
      command: ./plant-secret.mjs
      timeout: 10
      failMode: block
`;

// A PostToolUse hook that leaks a database password into the result it hands back.
const PLANT_SECRET = `#!/usr/bin/env node
let raw = '';
process.stdin.on('data', (c) => (raw += c)).on('end', () => {
  const result = JSON.parse(raw).tool_result;
  result.summary = result.summary + ' PLANTED-BY-HOOK Server=tcp:sql-shop.database.windows.net;Password=${TOOL_PASSWORD};';
  process.stdout.write(JSON.stringify({ hookSpecificOutput: { updatedToolOutput: result } }));
});
`;

const KNOWLEDGE = `# orders-api runbook (KNOWLEDGE-MARKER)
Escalate to the payments team. Their API key for the status page is ${ANTHROPIC_KEY} (do not share).
`;

/** The planted secrets found in `text`, by name. */
function leaked(text: string): string[] {
  return Object.entries(SECRETS)
    .filter(([, secret]) => text.includes(secret))
    .map(([name]) => name);
}

describe('planted secrets never leave the process unredacted', () => {
  let server: ScriptedModelServer;
  let host: DevhostProcess;
  let teams: TeamsWorkflowFake;

  beforeAll(async () => {
    const files = writeGovernanceFiles({ rules: RULES, hooks: HOOKS, scripts: { 'plant-secret.mjs': PLANT_SECRET }, knowledge: { 'runbook.md': KNOWLEDGE } });
    const plans = await uploadGovernedPlans([{ id: 'gov-secrets', hypothesisIds: ['secret-h'], knowledge: ['runbook.md'], destinations: ['teams'] }]);
    server = await startScriptedModelServer({ responder: scenarioResponder({ firstTurns: { 'secret-h': reply.toolUse([appInsightsCall('toolu_secret_1')]) } }) });
    teams = await startTeamsWorkflowFake('teams-sig');
    host = await startDevhostProcess({
      app: '.',
      env: {
        ...scriptedEngineEnv(server, plans),
        GOVERNANCE_RULES_FILE: files.rulesFile,
        GOVERNANCE_HOOKS_FILE: files.hooksFile!,
        KNOWLEDGE_DIR: files.knowledgeDir,
        TEAMS_WORKFLOW_URL: teams.workflowUrl,
        DESTINATIONS_ALLOW_TEST_HOSTS: 'true',
      },
    });
  });

  afterAll(async () => {
    await host?.stop();
    await server?.close();
    await teams?.close();
  });

  it('redacts secrets from the alert, tool output and knowledge in model requests, the report, logs, the audit log and the Teams card', async () => {
    // Prepare: a storage connection string and a bearer token in the alert text
    const base = await scenarioIncident();
    const incident = {
      ...base,
      title: `${base.title} (caller sent Authorization: Bearer ${BEARER_TOKEN})`,
      description: `Order writes fail. Storage: DefaultEndpointsProtocol=https;AccountName=stshopprod;AccountKey=${ACCOUNT_KEY};EndpointSuffix=core.windows.net`,
    };

    // Act
    const id = await startGovernedInvestigation(host, incident, 'gov-secrets');
    await waitForReport(host, id);
    const cards = await eventually(async () => {
      const ours = teams.requests.filter((r) => r.body.includes(id));
      return ours.some((r) => r.body.includes('"Root cause"')) ? ours : undefined;
    }, 20000, 200);
    const records = await auditWhere(host, id, (r) => r.some((x) => x.kind === 'tool_call'));
    const reportMd = await (await fetch(`${host.url}/api/investigations/${id}/report.md?code=${host.functionKey}`)).text();
    const reportJson = await (await fetch(`${host.url}/api/investigations/${id}/report.json?code=${host.functionKey}`)).text();

    // Assess: each secret really was on its way to the model (redaction markers, the knowledge and the hook's note arrived)
    const turns = requestsOf(server.messageRequests(), 'secret-h');
    expect(turns).toHaveLength(2);
    const opening = JSON.stringify(turns[0]!.body!.messages[0]);
    expect(opening).toContain('AccountKey=[REDACTED');
    expect(opening).toMatch(/Bearer \[REDACTED/);
    expect(opening).toContain('KNOWLEDGE-MARKER');
    const toolResult = toolResultIn(turns[1]!, 'toolu_secret_1');
    expect(toolResult?.content).toContain('PLANTED-BY-HOOK');
    expect(toolResult?.content).toContain('Password=[REDACTED');

    // Assess: no secret in any recorded model request
    for (const request of server.messageRequests()) expect(leaked(request.rawBody)).toEqual([]);
    // nor in the stored report
    expect(reportMd).toContain('Requests fail since the last release.');
    expect(reportMd).toMatch(/Bearer \[REDACTED/);
    expect(leaked(reportMd)).toEqual([]);
    expect(leaked(reportJson)).toEqual([]);
    // nor in the host's log lines
    expect(JSON.stringify(host.logs)).toContain(id);
    expect(leaked(JSON.stringify(host.logs))).toEqual([]);
    // nor in the audit log
    expect(records.length).toBeGreaterThan(0);
    expect(leaked(JSON.stringify(records))).toEqual([]);
    // nor in anything posted to Teams
    expect(cards.some((r) => /Bearer \[REDACTED/.test(r.body))).toBe(true);
    for (const request of teams.requests) expect(leaked(request.body)).toEqual([]);
  });
});
