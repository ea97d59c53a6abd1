import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDevhostProcess, type DevhostProcess } from '../../helpers/devhostProcess';
import { isSynthesis, queryTurn, reportTurn, scenarioIncident, scriptedEngineEnv, startModelInvestigation, turnOf, uploadTestPlan, verdictTurn, waitForReport } from '../../helpers/modelInvestigation';
import { hypothesisKeyOf, startScriptedModelServer, type RecordedRequest, type ScriptedModelServer } from '../../helpers/scriptedModelServer';
import { folderWith, skillFile } from '../../shared/knowledge/knowledgeFixtures';

/** The model test plan (two hypotheses) listing a runbook from KNOWLEDGE_DIR. */
const KNOWLEDGE_PLAN = `id: knowledge-test
title: Knowledge test plan
match: { titleContains: "no incident has this title" }
allowedTools: [app_insights_query]
knowledge: [team-runbook.md]
budgets: { perHypothesis: { maxTurns: 2, maxToolCalls: 4 } }
hypotheses:
  - { id: alpha, title: Alpha cause, guidance: Look at requests by version., rootCauseCategory: bad_deployment }
  - { id: beta, title: Beta cause, guidance: Look at dependencies., rootCauseCategory: slow_dependency }
`;

describe('investigateIncident with Claude gives the subagents the plan runbook and matching skills, never in the cached prefix', () => {
  let server: ScriptedModelServer;
  let host: DevhostProcess;
  let knowledgeDir: string;

  beforeAll(async () => {
    const plansContainer = await uploadTestPlan({ 'knowledge-test.yaml': KNOWLEDGE_PLAN });
    knowledgeDir = folderWith({ 'team-runbook.md': 'RUNBOOK-V1: roll back orders-api with the release pipeline.' });
    const skillsDir = folderWith(skillFile('orders-5xx-triage', 'Triage orders-api HTTP 5xx responses after a release.', 'SKILL-BODY: compare AppVersion failure rates.'));
    server = await startScriptedModelServer({
      responder: (request: RecordedRequest) => {
        if (isSynthesis(request)) return reportTurn([{ action: 'Roll back to 2.4.1' }]);
        const hypothesis = hypothesisKeyOf(request) ?? 'unknown';
        return turnOf(request) === 1 ? queryTurn(hypothesis) : verdictTurn(hypothesis, hypothesis === 'alpha' ? 'supported' : 'refuted');
      },
    });
    host = await startDevhostProcess({ app: '.', env: { ...scriptedEngineEnv(server, plansContainer), KNOWLEDGE_DIR: knowledgeDir, SKILLS_DIR: skillsDir } });
  });

  afterAll(async () => {
    await host?.stop();
    await server?.close();
  });

  it('puts the runbook and the skill in every opening message, keeps the prefix bytes when the runbook changes, and lists both in the report', async () => {
    // Prepare: scenario 01 (orders-api returns HTTP 5xx)
    const incident = await scenarioIncident();

    // Act: investigate, change the runbook, investigate again
    const firstId = await startModelInvestigation(host, incident, 'knowledge-test');
    const first = await waitForReport(host, firstId);
    const between = server.messageRequests().length;
    writeFileSync(join(knowledgeDir, 'team-runbook.md'), 'RUNBOOK-V2: page the orders team first.');
    const secondId = await startModelInvestigation(host, incident, 'knowledge-test');
    await waitForReport(host, secondId);

    // Assess: each subagent's opening message holds the runbook (the version current when it started) and the skill, as untrusted data
    const subagents = server.messageRequests().filter((r) => !isSynthesis(r));
    const openings = (requests: RecordedRequest[]) => requests.filter((r) => turnOf(r) === 1).map((r) => JSON.stringify(r.body!.messages[0]));
    const firstOpenings = openings(server.messageRequests().slice(0, between).filter((r) => !isSynthesis(r)));
    const secondOpenings = openings(server.messageRequests().slice(between).filter((r) => !isSynthesis(r)));
    expect(firstOpenings).toHaveLength(2);
    expect(secondOpenings).toHaveLength(2);
    for (const text of firstOpenings) {
      expect(text).toContain('<untrusted_data source=\\"knowledge:team-runbook.md\\">\\nRUNBOOK-V1');
      expect(text).toContain('<untrusted_data source=\\"skill:orders-5xx-triage\\">');
      expect(text).toContain('SKILL-BODY');
    }
    for (const text of secondOpenings) expect(text).toContain('RUNBOOK-V2');

    // Assess: one byte-identical prefix for every subagent request of both investigations, without the knowledge
    const prefixes = new Set(subagents.map((r) => JSON.stringify({ tools: r.body!.tools, system: r.body!.system })));
    expect(prefixes.size).toBe(1);
    expect([...prefixes][0]).not.toMatch(/RUNBOOK-V|SKILL-BODY|team-runbook/);

    // Assess: the report lists what the subagents were given
    expect(first.knowledgeUsed).toEqual([
      expect.objectContaining({ kind: 'runbook', name: 'team-runbook.md', origin: 'KNOWLEDGE_DIR', truncated: false }),
      expect.objectContaining({ kind: 'skill', name: 'orders-5xx-triage', origin: 'SKILLS_DIR', truncated: false }),
      // the bundled skill shares fewer words with the incident, so it comes second
      expect.objectContaining({ kind: 'skill', name: 'release-rollback-decision', origin: 'bundled', reason: 'its description shares 5xx, http with the incident' }),
    ]);
  });
});
