import { FINAL_TURN_NOTE } from '../../../shared/agent/subagentPrompt';
import { startDevhostProcess, type DevhostProcess } from '../../helpers/devhostProcess';
import {
  isSynthesis,
  queryTurn,
  reportTurn,
  scenarioIncident,
  scriptedEngineEnv,
  startModelInvestigation,
  turnOf,
  uploadTestPlan,
  verdictTurn,
  waitForReport,
} from '../../helpers/modelInvestigation';
import { hypothesisKeyOf, reply, startScriptedModelServer, type RecordedRequest, type ScriptedModelServer, type ScriptedReply } from '../../helpers/scriptedModelServer';

describe('investigateIncident with Claude (scripted Messages API server)', () => {
  let server: ScriptedModelServer;
  let host: DevhostProcess;
  let plansContainer: string;
  let synthesisReplies: ScriptedReply[];

  beforeAll(async () => {
    plansContainer = await uploadTestPlan();
    server = await startScriptedModelServer({
      responder: (request: RecordedRequest) => {
        if (isSynthesis(request)) return synthesisReplies.shift() ?? reportTurn([{ action: 'Roll back to 2.4.1' }]);
        const hypothesis = hypothesisKeyOf(request) ?? 'unknown';
        // First turns are held 2 s, so two subagents run one after the other could not overlap,
        // while two run in parallel do even when a loaded machine schedules them apart.
        return turnOf(request) === 1 ? reply.delayed(2000, queryTurn(hypothesis)) : reply.delayed(300, verdictTurn(hypothesis, hypothesis === 'alpha' ? 'supported' : 'refuted'));
      },
    });
    host = await startDevhostProcess({
      app: '.',
      env: {
        ...scriptedEngineEnv(server, plansContainer),
      },
    });
  });

  afterAll(async () => {
    await host?.stop();
    await server?.close();
  });

  it('runs the hypotheses in parallel on one byte-identical cached prefix, sums usage and reports the model', async () => {
    // Prepare
    synthesisReplies = [];
    const before = server.messageRequests().length;

    // Act
    const id = await startModelInvestigation(host, await scenarioIncident());
    const report = await waitForReport(host, id);

    // Assess: verdicts from the model, evidence from the real tool call against the emulator
    expect(report).toMatchObject({ modelUsed: true, model: 'claude-sonnet-5-5', rootCauseCategory: 'bad_deployment', planId: 'model-test' });
    const rows = report.hypotheses as Array<{ hypothesisId: string; verdict: string; evidence: string[] }>;
    expect(rows.map((r) => [r.hypothesisId, r.verdict, r.evidence])).toEqual([
      ['alpha', 'supported', ['toolu_alpha_1']],
      ['beta', 'refuted', ['toolu_beta_1']],
    ]);
    const evidence = report.evidence as Array<{ toolCallId: string; status: string; resultExcerpt: string }>;
    expect(evidence.find((e) => e.toolCallId === 'toolu_alpha_1')).toMatchObject({ status: 'success', resultExcerpt: expect.stringContaining('2.5.0') });

    // Assess: one prefix (tools + system) for every subagent turn, with cache breakpoints
    const requests = server.messageRequests().slice(before);
    const subagent = requests.filter((r) => !isSynthesis(r));
    expect(subagent).toHaveLength(4);
    const prefixes = new Set(subagent.map((r) => JSON.stringify({ tools: r.body!.tools, system: r.body!.system })));
    expect(prefixes.size).toBe(1);
    const tools = subagent[0]!.body!.tools!;
    expect(tools.map((t) => t.name)).toEqual(['app_insights_query', 'read_result', 'submit_verdict']);
    expect(tools[tools.length - 1]!.cache_control).toEqual({ type: 'ephemeral' });

    // Assess: the two first turns were in flight at the same time
    const [a, b] = subagent.filter((r) => turnOf(r) === 1);
    expect(Math.max(a!.receivedAt, b!.receivedAt)).toBeLessThan(Math.min(a!.answeredAt!, b!.answeredAt!));

    // Assess: usage is the sum of the 5 model calls (2 x 2 turns + synthesis)
    const usage = report.usage as { inputTokens: number; outputTokens: number; modelCalls: number; costUsd: number };
    expect(usage.modelCalls).toBe(5);
    expect(usage.inputTokens).toBe(2 * (100 + 150) + 300);
    expect(usage.outputTokens).toBe(2 * (20 + 30) + 80);
    expect(usage.costUsd).toBeGreaterThan(0);
  });

  it('makes the last allowed turn a final turn that asks for the verdict', async () => {
    synthesisReplies = [];
    const before = server.messageRequests().length;
    const id = await startModelInvestigation(host, await scenarioIncident());
    await waitForReport(host, id);
    const secondTurns = server.messageRequests().slice(before).filter((r) => !isSynthesis(r) && turnOf(r) === 2);
    expect(secondTurns).toHaveLength(2);
    for (const request of secondTurns) expect(JSON.stringify(request.body!.messages.at(-1))).toContain(FINAL_TURN_NOTE);
  });

  it('sends a report the Stop quality gate rejects back to synthesis with the reason, then accepts the fix', async () => {
    // Prepare: the first report has no recommended actions
    synthesisReplies = [reportTurn([]), reportTurn([{ action: 'Roll back orders-api to 2.4.1' }])];
    const before = server.messageRequests().length;

    // Act
    const id = await startModelInvestigation(host, await scenarioIncident());
    const report = await waitForReport(host, id);

    // Assess
    const synthesis = server.messageRequests().slice(before).filter(isSynthesis);
    expect(synthesis).toHaveLength(2);
    expect(JSON.stringify(synthesis[1]!.body!.messages)).toMatch(/rejected the previous report: the report recommends no action/);
    expect(report.recommendedActions).toEqual([{ action: 'Roll back orders-api to 2.4.1', proposal: true }]);
    expect((report.timeline as Array<{ event: string }>).some((t) => /quality gate rejected/.test(t.event))).toBe(true);
  });
});
