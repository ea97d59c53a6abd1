import { startDevhostProcess, eventually, type DevhostProcess } from '../../helpers/devhostProcess';
import { isSynthesis, queryTurn, scriptedEngineEnv, reportTurn, scenarioIncident, startModelInvestigation, turnOf, uploadTestPlan, verdictTurn, waitForReport } from '../../helpers/modelInvestigation';
import { hypothesisKeyOf, reply, startScriptedModelServer, type RecordedRequest, type ScriptedModelServer } from '../../helpers/scriptedModelServer';

describe('investigateIncident: a crash between model turns', () => {
  let server: ScriptedModelServer;
  const hosts: DevhostProcess[] = [];

  afterAll(async () => {
    await Promise.all(hosts.map((h) => h.stop()));
    await server?.close();
  });

  it('resumes after SIGKILL at the unfinished turn without repeating finished turns', async () => {
    // Prepare: alpha's second turn is slow (the crash lands in it); everything else is quick
    let alphaSecondTurns = 0;
    server = await startScriptedModelServer({
      responder: (request: RecordedRequest) => {
        if (isSynthesis(request)) return reportTurn([{ action: 'Roll back to 2.4.1' }]);
        const hypothesis = hypothesisKeyOf(request) ?? 'unknown';
        if (turnOf(request) === 1) return queryTurn(hypothesis);
        if (hypothesis === 'alpha' && ++alphaSecondTurns === 1) return reply.delayed(10_000, verdictTurn('alpha', 'supported'));
        return verdictTurn(hypothesis, hypothesis === 'alpha' ? 'supported' : 'refuted');
      },
    });
    const env = { ...scriptedEngineEnv(server, await uploadTestPlan()), ANTHROPIC_MAX_RETRIES: '0' };
    const first = await startDevhostProcess({ app: '.', env });
    hosts.push(first);
    const id = await startModelInvestigation(first, await scenarioIncident());
    await eventually(async () => (alphaSecondTurns === 1 ? true : undefined), 30000);
    // Kill only once beta has finished, so the only unfinished turn is alpha's second.
    await eventually(async () => {
      const detail = (await (await fetch(`${first.url}/api/investigations/${id}?code=${first.functionKey}`)).json()) as { hypotheses: Array<{ id: string; runtimeStatus: string | null }> };
      return detail.hypotheses.find((h) => h.id === 'beta')?.runtimeStatus === 'Completed' ? true : undefined;
    }, 30000);

    // Act: kill the host while alpha's second turn is in flight, then start a new one on the same task hub
    await first.kill();
    const second = await startDevhostProcess({ app: '.', env, taskHub: first.taskHub, recordDir: first.recordDir });
    hosts.push(second);
    const report = await waitForReport(second, id);

    // Assess: each first turn ran once; only the interrupted turn ran again
    const subagent = server.messageRequests().filter((r) => !isSynthesis(r));
    const count = (hypothesis: string, turn: number): number => subagent.filter((r) => hypothesisKeyOf(r) === hypothesis && turnOf(r) === turn).length;
    expect(count('alpha', 1)).toBe(1);
    expect(count('beta', 1)).toBe(1);
    expect(count('beta', 2)).toBe(1);
    expect(count('alpha', 2)).toBe(2);
    expect((report.hypotheses as Array<{ verdict: string }>).map((h) => h.verdict)).toEqual(['supported', 'refuted']);
  });
});
