import { randomBytes } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { toolResultSchema, type ToolResult } from '../../../../shared/tools/tool';
import { storeLargeResult } from '../../../../shared/tools/results/offloadResult';
import { offerReadResult } from '../../../../shared/tools/results/offerReadResult';
import { createBlobResultStore, type ResultStore } from '../../../../shared/tools/results/resultStore';
import { parsePlanFile } from '../../../../shared/plans/parsePlanFile';

function queryResult(rows: number): ToolResult {
  return {
    schemaVersion: 1,
    tool: 'app_insights_query',
    status: 'success',
    invocation: 'AppRequests | take 2000',
    data: { tables: [{ name: 'PrimaryResult', columns: [{ name: 'Id', type: 'string' }], rows: Array.from({ length: rows }, (_, i) => [`req-${i}`]) }], totalRows: rows },
    summary: `${rows} rows`,
    durationMs: 30,
  };
}

const call = (callId: string, allowedTools = ['app_insights_query', 'read_result']) => ({
  investigationId: 'inv-off',
  hypothesisId: 'alpha',
  callId,
  tool: 'app_insights_query',
  arguments: { query: 'AppRequests | take 2000' },
  allowedTools,
});

describe('storeLargeResult against Azurite', () => {
  let store: ResultStore;

  beforeAll(() => {
    const container = BlobServiceClient.fromConnectionString(process.env.TEST_STORAGE_CONNECTION_STRING!).getContainerClient(`tool-outputs-${randomBytes(4).toString('hex')}`);
    store = createBlobResultStore(container);
  });

  it('stores a result over the threshold and replaces its data with a summary that still fits the tool result schema', async () => {
    // Act
    const result = await storeLargeResult(queryResult(2000), call('toolu_1'), store, 6000);

    // Assess
    expect(toolResultSchema.safeParse(result).success).toBe(true);
    expect(result.data).toMatchObject({ storedResult: { callId: 'toolu_1', path: `${store.container}/inv-off/toolu_1.json` }, tables: [{ rowCount: 2000 }] });
    expect(JSON.stringify(result.data).length).toBeLessThan(6000);
    expect(result.summary).toMatch(/^2000 rows; stored \(\d+ bytes\)/);
    const stored = await store.get('inv-off', 'toolu_1');
    expect(stored?.result).toEqual(queryResult(2000));
  });

  it('leaves small results, read_result pages and callers without read_result alone', async () => {
    // Act
    const small = await storeLargeResult(queryResult(3), call('toolu_2'), store, 6000);
    const deterministic = await storeLargeResult(queryResult(2000), call('alpha:check', ['app_insights_query']), store, 6000);
    const page = await storeLargeResult({ ...queryResult(2000), tool: 'read_result' }, { ...call('toolu_3'), tool: 'read_result' }, store, 6000);

    // Assess
    expect(small).toEqual(queryResult(3));
    expect(deterministic).toEqual(queryResult(2000));
    expect(page.data).toEqual(queryResult(2000).data);
    expect(await store.get('inv-off', 'alpha:check')).toBeUndefined();
  });
});

describe('offerReadResult', () => {
  const plan = parsePlanFile('p.yaml', 'id: p\ntitle: P\nallowedTools: [app_insights_query]\nhypotheses: [{ id: h, title: H, guidance: G, rootCauseCategory: slow_dependency }]\n');
  const configured = new Map([['app_insights_query', {}], ['read_result', {}]]);

  it('offers read_result to the model whenever a store is configured, even if the plan omits it', () => {
    // Act
    const offered = offerReadResult(plan, ['app_insights_query'], 'model', configured);

    // Assess
    expect(offered.tools).toEqual(['app_insights_query', 'read_result']);
    expect(offered.plan.allowedTools).toEqual(['app_insights_query', 'read_result']);
    expect(plan.allowedTools).toEqual(['app_insights_query']);
  });

  it('offers nothing more without a store, and never offers read_result to deterministic checks', () => {
    // Act
    const noStore = offerReadResult(plan, ['app_insights_query'], 'model', new Map([['app_insights_query', {}]]));
    const deterministic = offerReadResult(plan, ['app_insights_query', 'read_result'], 'deterministic', configured);

    // Assess
    expect(noStore).toEqual({ plan, tools: ['app_insights_query'] });
    expect(deterministic.tools).toEqual(['app_insights_query']);
  });
});
