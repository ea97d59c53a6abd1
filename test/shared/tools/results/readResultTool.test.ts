import { randomBytes } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { toolResultSchema, type ToolResult } from '../../../../shared/tools/tool';
import { createReadResultTool } from '../../../../shared/tools/results/readResultTool';
import { createBlobResultStore, resultBlobPath, type ResultStore } from '../../../../shared/tools/results/resultStore';
import { ValidationError } from '../../../../shared/errors';

const now = () => new Date('2026-03-04T12:00:00Z');

function queryResult(rows: number): ToolResult {
  return {
    schemaVersion: 1,
    tool: 'app_insights_query',
    status: 'success',
    invocation: 'AppRequests | take 2000',
    data: {
      tables: [
        { name: 'PrimaryResult', columns: [{ name: 'Id', type: 'string' }, { name: 'ResultCode', type: 'string' }], rows: Array.from({ length: rows }, (_, i) => [`req-${i}`, i % 4 === 0 ? '500' : '200']) },
      ],
      totalRows: rows,
    },
    summary: `${rows} rows`,
    durationMs: 30,
  };
}

describe('read_result against Azurite', () => {
  let store: ResultStore;

  beforeAll(async () => {
    const container = BlobServiceClient.fromConnectionString(process.env.TEST_STORAGE_CONNECTION_STRING!).getContainerClient(`tool-outputs-${randomBytes(4).toString('hex')}`);
    store = createBlobResultStore(container);
    const base = { schemaVersion: 1 as const, hypothesisId: 'alpha', tool: 'app_insights_query', arguments: { query: 'AppRequests | take 2000' } };
    await store.put({ ...base, investigationId: 'inv-a', callId: 'toolu_big', result: queryResult(2000) });
    await store.put({
      ...base,
      investigationId: 'inv-a',
      callId: 'toolu_cert',
      tool: 'tls_certificate',
      result: { ...queryResult(0), tool: 'tls_certificate', data: { subject: 'CN=shop', chain: 'c'.repeat(3000) } },
    });
  });

  it('returns the requested slice of rows with columns and the next offset, as a valid status-tagged result', async () => {
    // Prepare
    const tool = createReadResultTool({ store, maxRows: 50, maxChars: 100_000 });

    // Act
    const result = await tool.execute(tool.parameters.parse({ callId: 'toolu_big', offset: 100, limit: 3 }), { investigationId: 'inv-a', now });

    // Assess
    expect(toolResultSchema.safeParse(result).success).toBe(true);
    expect(result.status).toBe('success');
    expect(result.data).toEqual({
      callId: 'toolu_big',
      tool: 'app_insights_query',
      table: 0,
      name: 'PrimaryResult',
      columns: [{ name: 'Id', type: 'string' }, { name: 'ResultCode', type: 'string' }],
      offset: 100,
      returnedRows: 3,
      totalRows: 2000,
      nextOffset: 103,
      rows: [['req-100', '500'], ['req-101', '200'], ['req-102', '200']],
    });
    expect(result.summary).toBe('toolu_big (app_insights_query) table PrimaryResult: rows 100-102 of 2000; next offset 103');
  });

  it('caps a page at maxRows and at maxChars, always returning at least one row', async () => {
    // Prepare
    const byRows = createReadResultTool({ store, maxRows: 50, maxChars: 100_000 });
    const byChars = createReadResultTool({ store, maxRows: 50, maxChars: 40 });

    // Act
    const rowsCapped = await byRows.execute(byRows.parameters.parse({ callId: 'toolu_big', limit: 500 }), { investigationId: 'inv-a', now });
    const charsCapped = await byChars.execute(byChars.parameters.parse({ callId: 'toolu_big', offset: 1990, limit: 50 }), { investigationId: 'inv-a', now });

    // Assess
    expect(rowsCapped.data).toMatchObject({ returnedRows: 50, nextOffset: 50 });
    expect(charsCapped.data).toMatchObject({ returnedRows: 2, offset: 1990, nextOffset: 1992 });
  });

  it('answers past the last row with no_data and a null next offset', async () => {
    // Prepare
    const tool = createReadResultTool({ store, maxRows: 50, maxChars: 100_000 });

    // Act
    const result = await tool.execute(tool.parameters.parse({ callId: 'toolu_big', offset: 2000 }), { investigationId: 'inv-a', now });

    // Assess
    expect(result.status).toBe('no_data');
    expect(result.data).toMatchObject({ returnedRows: 0, nextOffset: null, rows: [] });
  });

  it('pages a result without rows as characters of its JSON', async () => {
    // Prepare
    const tool = createReadResultTool({ store, maxRows: 50, maxChars: 1000 });

    // Act
    const result = await tool.execute(tool.parameters.parse({ callId: 'toolu_cert', offset: 0, limit: 5000 }), { investigationId: 'inv-a', now });

    // Assess
    const text = JSON.stringify({ subject: 'CN=shop', chain: 'c'.repeat(3000) });
    expect(result.data).toEqual({ callId: 'toolu_cert', tool: 'tls_certificate', offset: 0, totalChars: text.length, text: text.slice(0, 1000), nextOffset: 1000 });
  });

  it('reads only results of its own investigation', async () => {
    // Prepare
    const tool = createReadResultTool({ store, maxRows: 50, maxChars: 100_000 });

    // Act
    const other = await tool.execute(tool.parameters.parse({ callId: 'toolu_big' }), { investigationId: 'inv-b', now });
    const none = await tool.execute(tool.parameters.parse({ callId: 'toolu_big' }), { now });

    // Assess
    expect(other).toMatchObject({ status: 'error', error: { code: 'not_found' } });
    expect(none).toMatchObject({ status: 'error', error: { code: 'no_investigation' } });
  });

  it('refuses call ids that could name another folder', () => {
    // Prepare
    const tool = createReadResultTool({ store, maxRows: 50, maxChars: 100_000 });

    // Act and Assess
    expect(tool.parameters.safeParse({ callId: '../inv-a/toolu_big' }).success).toBe(false);
    expect(tool.parameters.safeParse({ callId: 'inv-a/toolu_big' }).success).toBe(false);
    expect(() => resultBlobPath('inv-a', '..')).toThrow(ValidationError);
    expect(resultBlobPath('inv-a', 'alpha:check-1')).toBe('inv-a/alpha:check-1.json');
  });

  it('names a missing table and lists how many there are', async () => {
    // Prepare
    const tool = createReadResultTool({ store, maxRows: 50, maxChars: 100_000 });

    // Act
    const result = await tool.execute(tool.parameters.parse({ callId: 'toolu_big', table: 2 }), { investigationId: 'inv-a', now });

    // Assess
    expect(result).toMatchObject({ status: 'error', error: { code: 'no_such_table', message: 'result toolu_big has 1 table(s); table must be 0-0' } });
  });
});
