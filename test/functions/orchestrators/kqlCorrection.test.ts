import { startDevhostProcess, type DevhostProcess } from '../../helpers/devhostProcess';
import { acceptableReport, requestsOf, startGovernedInvestigation, toolResultIn, uploadGovernedPlans } from '../../helpers/governanceFixtures';
import { isSynthesis, scenarioIncident, scriptedEngineEnv, turnOf, waitForReport } from '../../helpers/modelInvestigation';
import { hypothesisKeyOf, reply, startScriptedModelServer, type RecordedRequest, type ScriptedModelServer } from '../../helpers/scriptedModelServer';

/** A KQL call against scenario 01's Application Insights data. */
const query = (id: string, kql: string) => ({ id, name: 'app_insights_query', input: { component: 'appi-shop-prod', query: kql, timespan: 'PT2H' } });

describe('a misspelled KQL query, corrected by the model', () => {
  let server: ScriptedModelServer;
  let host: DevhostProcess;

  beforeAll(async () => {
    const plans = await uploadGovernedPlans([{ id: 'kql-fix', hypothesisIds: ['kql-h'], maxTurns: 3 }]);
    server = await startScriptedModelServer({
      responder: (request: RecordedRequest) => {
        if (isSynthesis(request)) return acceptableReport(undefined, true);
        if (hypothesisKeyOf(request) !== 'kql-h') return undefined;
        switch (turnOf(request)) {
          case 1:
            return reply.toolUse([query('toolu_kql_1', 'AppRequest | summarize total = count() by AppVersion')]);
          case 2:
            return reply.toolUse([query('toolu_kql_2', 'AppRequests | summarize total = count() by AppVersion')]);
          default:
            return reply.toolUse([{ name: 'submit_verdict', input: { verdict: 'supported', confidence: 0.8, summary: 'Requests split by version after the fix.', evidence: ['toolu_kql_2'], gaps: [] } }]);
        }
      },
    });
    host = await startDevhostProcess({
      app: '.',
      env: scriptedEngineEnv(server, plans),
    });
  });

  afterAll(async () => {
    await host?.stop();
    await server?.close();
  });

  it('gets line, column and "did you mean AppRequests?" back, and the corrected query succeeds', async () => {
    // Act
    const id = await startGovernedInvestigation(host, await scenarioIncident(), 'kql-fix');
    const report = await waitForReport(host, id);

    // Assess: the second turn carries the validation error of the first query (nothing was sent to the service)
    const turns = requestsOf(server.messageRequests(), 'kql-h');
    expect(turns).toHaveLength(3);
    const failed = toolResultIn(turns[1]!, 'toolu_kql_1');
    expect(failed?.is_error).toBe(true);
    expect(failed?.content).toContain('invalid_query');
    expect(failed?.content).toMatch(/line 1, column 1/i);
    expect(failed?.content).toContain("Did you mean 'AppRequests'?");
    // and the third turn carries the corrected query's rows
    const fixed = toolResultIn(turns[2]!, 'toolu_kql_2');
    expect(fixed?.is_error).toBeUndefined();
    expect(fixed?.content).toContain('2.5.0');
    const evidence = report.evidence as Array<{ toolCallId: string; status: string }>;
    expect(evidence).toEqual([expect.objectContaining({ toolCallId: 'toolu_kql_2', status: 'success' })]);
  });
});
