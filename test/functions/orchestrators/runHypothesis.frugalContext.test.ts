import { randomBytes } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { startDevhostProcess, type DevhostProcess } from '../../helpers/devhostProcess';
import { isSynthesis, reportTurn, scenarioIncident, scriptedEngineEnv, turnOf, waitForReport } from '../../helpers/modelInvestigation';
import { hypothesisKeyOf, reply, startScriptedModelServer, type RecordedRequest, type ScriptedModelServer } from '../../helpers/scriptedModelServer';

/** One hypothesis, enough turns for a query, a read_result and a verdict; read_result is not listed. */
const FRUGAL_PLAN = `id: frugal-test
title: Frugal context test plan
match: { titleContains: "no incident has this title" }
allowedTools: [app_insights_query]
budgets: { perHypothesis: { maxTurns: 4, maxToolCalls: 4 } }
hypotheses:
  - { id: gamma, title: Gamma cause, guidance: Look at all requests., rootCauseCategory: bad_deployment }
`;

/** The text of the tool_result block answering `toolUseId` in a recorded request. */
function toolResultText(request: RecordedRequest, toolUseId: string): string {
  for (const message of request.body!.messages) {
    if (!Array.isArray(message.content)) continue;
    for (const block of message.content as Array<{ type: string; tool_use_id?: string; content?: unknown }>) {
      if (block.type === 'tool_result' && block.tool_use_id === toolUseId) return typeof block.content === 'string' ? block.content : JSON.stringify(block.content);
    }
  }
  throw new Error(`no tool_result for ${toolUseId}`);
}

/** The JSON data line of a formatted tool result (header line first, data second, inside the untrusted wrapper). */
function dataOf(text: string): Record<string, unknown> {
  const lines = text.split('\n');
  return JSON.parse(lines[2]!) as Record<string, unknown>;
}

describe('runHypothesis with frugal context (scripted Claude, telemetry emulator, Azurite)', () => {
  let server: ScriptedModelServer;
  let host: DevhostProcess;
  const outputs = `tool-outputs-${randomBytes(4).toString('hex')}`;
  const storage = () => BlobServiceClient.fromConnectionString(process.env.TEST_STORAGE_CONNECTION_STRING!);

  beforeAll(async () => {
    const plans = storage().getContainerClient(`plans-${randomBytes(4).toString('hex')}`);
    await plans.createIfNotExists();
    await plans.getBlockBlobClient('frugal-test.yaml').upload(FRUGAL_PLAN, Buffer.byteLength(FRUGAL_PLAN));
    server = await startScriptedModelServer({
      responder: (request) => {
        if (isSynthesis(request)) return reportTurn([{ action: 'Roll back to 2.4.1' }]);
        const hypothesis = hypothesisKeyOf(request) ?? 'unknown';
        const turn = turnOf(request);
        if (turn === 1) {
          return reply.toolUse([{ id: 'toolu_big_1', name: 'app_insights_query', input: { component: 'appi-shop-prod', query: 'AppRequests | take 2000', timespan: 'PT2H' } }]);
        }
        if (turn === 2) return reply.toolUse([{ id: 'toolu_big_2', name: 'read_result', input: { callId: 'toolu_big_1', offset: 10, limit: 3 } }]);
        return reply.toolUse([
          { name: 'submit_verdict', input: { verdict: 'supported', confidence: 0.8, summary: `${hypothesis}: the stored rows show it.`, evidence: ['toolu_big_1', 'toolu_big_2'], gaps: [] } },
        ]);
      },
    });
    host = await startDevhostProcess({
      app: '.',
      env: {
        ...scriptedEngineEnv(server, plans.containerName),
        TELEMETRY_MAX_ROWS: '2000',
        TELEMETRY_MAX_RESULT_BYTES: '4000000',
        TOOL_OUTPUTS_CONTAINER: outputs,
        TOOL_RESULT_INLINE_MAX_CHARS: '3000',
      },
    });
  });

  afterAll(async () => {
    await host?.stop();
    await server?.close();
  });

  it('stores a large query result, shows the model its summary, and serves a slice through read_result', async () => {
    // Prepare
    const incident = await scenarioIncident();

    // Act
    const response = await fetch(`${host.url}/api/investigations?code=${host.functionKey}`, { method: 'POST', body: JSON.stringify({ incident, planId: 'frugal-test' }) });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    const report = await waitForReport(host, id);

    // Assess: the model was offered read_result although the plan does not list it
    const subagent = server.messageRequests().filter((r) => !isSynthesis(r));
    expect(subagent.map(turnOf)).toEqual([1, 2, 3]);
    expect(subagent[0]!.body!.tools!.map((t) => t.name)).toEqual(['app_insights_query', 'read_result', 'submit_verdict']);

    // Assess: the model saw the summary (row count, columns, head, tail), not the rows
    const seen = toolResultText(subagent[1]!, 'toolu_big_1');
    expect(seen).toContain('"storedResult"');
    expect(seen.length).toBeLessThan(4000);

    // Assess: the full result is in blob storage under the investigation and call id
    const blob = await storage().getContainerClient(outputs).getBlobClient(`${id}/toolu_big_1.json`).downloadToBuffer();
    const stored = JSON.parse(blob.toString('utf8')) as { result: { data: { tables: Array<{ rows: unknown[][] }> } } };
    const rows = stored.result.data.tables[0]!.rows;
    expect(rows.length).toBeGreaterThan(100);

    // Assess: the summary gives row count, columns, head and tail, and how to read more
    const summary = dataOf(seen) as { storedResult: { callId: string }; note: string; tables: Array<{ rowCount: number; columns: Array<{ name: string }>; head: unknown[] }> };
    expect(summary.storedResult.callId).toBe('toolu_big_1');
    expect(summary.note).toContain('read_result');
    expect(summary.tables[0]!.rowCount).toBe(rows.length);
    expect(summary.tables[0]!.columns.map((c) => c.name)).toContain('ResultCode');
    expect(seen).not.toContain(JSON.stringify(rows[10]![0]));

    // Assess: read_result returned rows 10-12 of the stored result
    const page = dataOf(toolResultText(subagent[2]!, 'toolu_big_2')) as { offset: number; returnedRows: number; totalRows: number; rows: unknown[][] };
    expect(page).toMatchObject({ offset: 10, returnedRows: 3, totalRows: rows.length });
    expect(page.rows).toEqual(rows.slice(10, 13));

    // Assess: the verdict cites both calls, as a model verdict
    expect((report.hypotheses as Array<{ verdict: string; evidence: string[] }>)[0]).toMatchObject({ verdict: 'supported', evidence: ['toolu_big_1', 'toolu_big_2'] });
  });
});
