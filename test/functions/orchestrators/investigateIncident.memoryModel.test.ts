import { startDevhostProcess, eventually, type DevhostProcess } from '../../helpers/devhostProcess';
import { readAudit } from '../../helpers/governanceFixtures';
import { isSynthesis, queryTurn, reportTurn, scenarioIncident, scriptedEngineEnv, startModelInvestigation, turnOf, uploadTestPlan, verdictTurn, waitForReport } from '../../helpers/modelInvestigation';
import { hypothesisKeyOf, startScriptedModelServer, type RecordedRequest, type ScriptedModelServer } from '../../helpers/scriptedModelServer';

/** The text of a subagent's opening message. */
function openingText(request: RecordedRequest): string {
  return JSON.stringify(request.body!.messages[0]);
}

describe('investigateIncident with Claude recalls a past incident in the opening message, never in the cached prefix', () => {
  let server: ScriptedModelServer;
  let host: DevhostProcess;

  beforeAll(async () => {
    const plansContainer = await uploadTestPlan();
    server = await startScriptedModelServer({
      responder: (request: RecordedRequest) => {
        if (isSynthesis(request)) return reportTurn([{ action: 'Roll back to 2.4.1' }]);
        const hypothesis = hypothesisKeyOf(request) ?? 'unknown';
        return turnOf(request) === 1 ? queryTurn(hypothesis) : verdictTurn(hypothesis, hypothesis === 'alpha' ? 'supported' : 'refuted');
      },
    });
    host = await startDevhostProcess({ app: '.', env: scriptedEngineEnv(server, plansContainer) });
  });

  afterAll(async () => {
    await host?.stop();
    await server?.close();
  });

  it('gives the second investigation of an incident the first one as untrusted memory and the same prefix bytes', async () => {
    // Prepare: a first investigation, remembered
    const incident = await scenarioIncident();
    const firstId = await startModelInvestigation(host, incident);
    await waitForReport(host, firstId);
    await eventually(async () => ((await fetch(`${host.url}/api/memory/${firstId}?code=${host.functionKey}`)).status === 200 ? true : undefined), 30_000, 250);
    const before = server.messageRequests().length;

    // Act
    const secondId = await startModelInvestigation(host, incident);
    const report = await waitForReport(host, secondId);

    // Assess: the subagents were told about the first investigation, as untrusted data, in their opening message
    const all = server.messageRequests().filter((r) => !isSynthesis(r));
    const second = server.messageRequests().slice(before).filter((r) => !isSynthesis(r));
    const openings = second.filter((r) => turnOf(r) === 1);
    expect(openings).toHaveLength(2);
    for (const request of openings) {
      expect(openingText(request)).toMatch(new RegExp(`<untrusted_data source=\\\\"memory\\\\">[^<]*memory ${firstId}`));
      // and the service's learning, written from the first investigation's verdicts
      expect(openingText(request)).toMatch(new RegExp(`What earlier investigations of this service learned \\(memory learning-[0-9a-f]{24}, written by the verdicts[^<]*\\[${firstId}\\]: confirmed alpha`));
    }
    for (const request of all.slice(0, all.length - second.length)) expect(openingText(request)).not.toContain('source=\\"memory\\"');

    // Assess: every subagent request of both investigations shares one byte-identical prefix
    const prefixes = new Set(all.map((r) => JSON.stringify({ tools: r.body!.tools, system: r.body!.system })));
    expect(prefixes.size).toBe(1);
    expect(JSON.stringify([...prefixes][0])).not.toContain(firstId);

    // Assess: the report cites it
    expect(report.seenBefore).toEqual([expect.objectContaining({ memoryId: firstId, investigationId: firstId })]);
  });

  it('gives the subagents the facts remembered about the service, redacted and cited, until one is forgotten', async () => {
    // Prepare: a fact about the incident's resolved service, quoting a token
    const incident = await scenarioIncident();
    const firstId = await startModelInvestigation(host, incident);
    const service = ((await waitForReport(host, firstId)).target as { service: string | null }).service;
    expect(service).not.toBeNull();
    const token = `ghp_${'Q1w2E3r4T5'.repeat(4)}`;
    const added = await fetch(`${host.url}/api/memory/facts?code=${host.functionKey}`, { method: 'POST', body: JSON.stringify({ service, text: `Orders v2.5 needs the feature flag ORDERS_V2 off; token ${token}` }) });
    expect(added.status).toBe(201);
    const fact = (await added.json()) as { id: string; text: string; addedBy: string };
    expect(fact.text).not.toContain(token);
    expect((await fetch(`${host.url}/api/memory/facts?code=${host.functionKey}`, { method: 'POST', body: JSON.stringify({ service, text: 'x'.repeat(1001) }) })).status).toBe(400);

    // Act
    const before = server.messageRequests().length;
    const withFact = await startModelInvestigation(host, incident);
    const report = await waitForReport(host, withFact);

    // Assess: each subagent read the fact in its opening message (untrusted memory), the report cites it
    const openings = server.messageRequests().slice(before).filter((r) => !isSynthesis(r) && turnOf(r) === 1);
    expect(openings).toHaveLength(2);
    for (const request of openings) expect(openingText(request)).toContain(`ORDERS_V2 off; token [REDACTED:github-token] (memory ${fact.id}`);
    expect(report.rememberedFacts).toEqual([expect.objectContaining({ id: fact.id })]);

    // Act: forget it, investigate again
    expect((await fetch(`${host.url}/api/memory/${fact.id}?code=${host.functionKey}`, { method: 'DELETE' })).status).toBe(204);
    // Assess: the audit log names who added it and who forgot it
    expect((await readAudit(host, `memory-${fact.id}`)).map((r) => [r.kind, r.actor.type, r.summary])).toEqual([
      ['memory', 'human', `fact ${fact.id} about service ${service} remembered`],
      ['memory', 'human', `fact ${fact.id} of service ${service} forgotten`],
    ]);
    const after = server.messageRequests().length;
    const withoutFact = await startModelInvestigation(host, incident);
    const last = await waitForReport(host, withoutFact);

    // Assess
    for (const request of server.messageRequests().slice(after).filter((r) => !isSynthesis(r) && turnOf(r) === 1)) expect(openingText(request)).not.toContain('ORDERS_V2');
    expect(last.rememberedFacts).toBeUndefined();
  });
});
