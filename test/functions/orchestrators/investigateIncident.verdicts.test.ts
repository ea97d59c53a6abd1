import { FINAL_TURN_NOTE } from '../../../shared/agent/subagentPrompt';
import { startDevhostProcess, type DevhostProcess } from '../../helpers/devhostProcess';
import { isSynthesis, reportTurn, scenarioIncident, scriptedEngineEnv, startModelInvestigation, turnOf, uploadTestPlan, verdictTurn, waitForReport } from '../../helpers/modelInvestigation';
import { hypothesisKeyOf, reply, startScriptedModelServer, type RecordedRequest, type ScriptedModelServer, type ScriptedReply } from '../../helpers/scriptedModelServer';

/** Fixed usage per reply (no simulated cache), so the expected total is requests × tokens. */
const usage = (input: number, output: number) => ({ input_tokens: input, output_tokens: output, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });

/** The model-test plan's hypotheses with a generous own budget but a tiny investigation budget. */
const BUDGET_PLAN = `id: budget-test
title: Budget test plan
match: { titleContains: "no incident has this title either" }
allowedTools: [app_insights_query]
budgets:
  perHypothesis: { maxTurns: 6, maxToolCalls: 6 }
  perInvestigation: { maxTokens: 300 }
hypotheses:
  - { id: alpha, title: Alpha cause, guidance: Look at requests by version., rootCauseCategory: bad_deployment }
  - { id: beta, title: Beta cause, guidance: Look at dependencies., rootCauseCategory: slow_dependency }
`;

type Mode = 'answers' | 'down' | 'keeps-querying';

describe('investigateIncident: reports consistent with their verdicts, whatever the model does', () => {
  let server: ScriptedModelServer;
  let host: DevhostProcess;
  let mode: Mode = 'answers';
  let synthesisReplies: ScriptedReply[] = [];

  /** A subagent turn: a query (plus, for alpha's first turn, a call to a tool that does not exist), or the verdict. */
  function subagentTurn(request: RecordedRequest): ScriptedReply {
    const hypothesis = hypothesisKeyOf(request) ?? 'unknown';
    const turn = turnOf(request);
    const forced = JSON.stringify(request.body?.messages.at(-1) ?? '').includes(FINAL_TURN_NOTE);
    if (mode === 'answers' ? turn > 1 : forced) return verdictTurn(hypothesis, hypothesis === 'alpha' ? 'supported' : 'refuted', usage(150, 30));
    const query = { id: `toolu_${hypothesis}_${turn === 1 ? '1' : `q${turn}`}`, name: 'app_insights_query', input: { component: 'appi-shop-prod', query: `AppRequests | take ${turn}`, timespan: 'PT2H' } };
    const unknown = hypothesis === 'alpha' && turn === 1 ? [{ id: 'toolu_alpha_drop', name: 'drop_database', input: { name: 'orders' } }] : [];
    // Beta repeats its query in the same turn when it keeps querying: the loop refuses the repeat.
    const repeat = hypothesis === 'beta' && mode === 'keeps-querying' && turn === 1 ? [{ ...query, id: 'toolu_beta_repeat' }] : [];
    return reply.toolUse([query, ...unknown, ...repeat], { usage: usage(100, 20) });
  }

  beforeAll(async () => {
    const plansContainer = await uploadTestPlan({ 'budget-test.yaml': BUDGET_PLAN });
    server = await startScriptedModelServer({
      simulateCache: false,
      responder: (request) => {
        if (mode === 'down') return reply.overloaded();
        if (isSynthesis(request)) return synthesisReplies.shift() ?? reportTurn([{ action: 'Roll back to 2.4.1' }], usage(300, 80));
        return subagentTurn(request);
      },
    });
    host = await startDevhostProcess({ app: '.', env: { ...scriptedEngineEnv(server, plansContainer), ANTHROPIC_MAX_RETRIES: '0' } });
  });

  afterAll(async () => {
    await host?.stop();
    await server?.close();
  });

  it('counts every model request in the usage, Stop-gate retries included, and audits the call to a tool that does not exist', async () => {
    // Prepare: the first report recommends nothing, so the gate sends it back once
    mode = 'answers';
    synthesisReplies = [reportTurn([], usage(300, 80)), reportTurn([{ action: 'Roll back orders-api to 2.4.1' }], usage(300, 80))];
    const before = server.messageRequests().length;

    // Act
    const id = await startModelInvestigation(host, await scenarioIncident());
    const report = await waitForReport(host, id);

    // Assess: 2 subagents x 2 turns + 2 synthesis attempts, each answered with fixed usage
    const requests = server.messageRequests().slice(before);
    expect(requests.filter(isSynthesis)).toHaveLength(2);
    const expected = requests.reduce(
      (sum, r) => (isSynthesis(r) ? { input: sum.input + 300, output: sum.output + 80 } : turnOf(r) === 1 ? { input: sum.input + 100, output: sum.output + 20 } : { input: sum.input + 150, output: sum.output + 30 }),
      { input: 0, output: 0 },
    );
    expect(report.usage).toMatchObject({ modelCalls: requests.length, inputTokens: expected.input, outputTokens: expected.output });
    expect(requests.length).toBe(6);

    // Assess: the root cause is the supported hypothesis's, with a confidence from the evidence
    expect(report).toMatchObject({ rootCauseCategory: 'bad_deployment', confidence: 0.63 });

    // Assess: the unknown tool was refused to the model and is in the audit log
    const audit = (await (await fetch(`${host.url}/api/audit?investigation=${id}&code=${host.functionKey}`)).json()) as { records: Array<{ toolCallId?: string; summary: string; details: Record<string, unknown> }> };
    const refused = audit.records.find((r) => r.toolCallId === 'toolu_alpha_drop');
    expect(refused).toMatchObject({ summary: "refused: there is no tool named 'drop_database'", details: { decision: 'refused', code: 'unknown_tool' } });
  });

  it('still delivers an undetermined report stating the gap when the model fails every request', async () => {
    // Prepare
    mode = 'down';
    const before = server.messageRequests().length;

    // Act
    const id = await startModelInvestigation(host, await scenarioIncident());
    const report = await waitForReport(host, id, 90_000);

    // Assess: the subagents fell back to inconclusive, the synthesis to the ranking of verdicts
    expect(server.messageRequests().length).toBeGreaterThan(before);
    expect(report).toMatchObject({ rootCause: null, rootCauseCategory: 'undetermined', confidence: 0 });
    expect(report.summary).toMatch(/^The model was unavailable for the synthesis/);
    expect(report.gaps).toEqual(expect.arrayContaining([expect.stringMatching(/^synthesis: The model was unavailable/)]));
    // The gate accepted it on the first attempt
    expect((report.timeline as Array<{ event: string }>).some((t) => /quality gate rejected/.test(t.event))).toBe(false);
  }, 120_000);

  it('stops spending at the investigation budget: final turns early and no model synthesis', async () => {
    // Prepare: without the investigation budget each subagent would query for up to 6 turns
    mode = 'keeps-querying';
    const before = server.messageRequests().length;

    // Act
    const id = await startModelInvestigation(host, await scenarioIncident(), 'budget-test');
    const report = await waitForReport(host, id);

    // Assess: 300 tokens for 2 hypotheses = 135 each after the synthesis reserve; 120 after turn 1 forces the final turn
    const requests = server.messageRequests().slice(before);
    expect(requests.filter(isSynthesis)).toHaveLength(0);
    expect(requests.filter((r) => !isSynthesis(r))).toHaveLength(4);
    expect(report.gaps).toEqual(expect.arrayContaining([expect.stringMatching(/^synthesis: The investigation budget is spent \(token budget of 300 used \(600\)\)/)]));
    expect(report).toMatchObject({ rootCauseCategory: 'bad_deployment', usage: { modelCalls: 4 } });

    // Assess: the repeated call the loop refused is in the audit log
    const audit = (await (await fetch(`${host.url}/api/audit?investigation=${id}&code=${host.functionKey}`)).json()) as { records: Array<{ toolCallId?: string; summary: string; details: Record<string, unknown> }> };
    expect(audit.records.find((r) => r.toolCallId === 'toolu_beta_repeat')).toMatchObject({
      summary: 'refused: identical call already made as toolu_beta_1; use that result instead of repeating it',
      details: { decision: 'refused', code: 'refused_by_agent_loop' },
    });
  });
});
