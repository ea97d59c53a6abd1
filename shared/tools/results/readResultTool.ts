import { z } from 'zod';
import { READ_RESULT_TOOL } from '../../agent/context/readResultName';
import { resultTables } from '../../agent/context/resultTables';
import type { ToolDefinition, ToolResult } from '../tool';
import { startToolRun } from '../toolRun';
import { describeUpstreamError } from '../upstreamError';
import type { ResultStore } from './resultStore';

/** What `read_result` needs: the store, and the caps that keep its own answer small. */
interface ReadResultToolOptions {
  store: ResultStore;
  /** Most rows one call returns. */
  maxRows: number;
  /** Most characters of JSON one call returns (rows stop before this; text slices are cut to it). */
  maxChars: number;
}

function readResultParameters(maxRows: number, maxChars: number) {
  return z.object({
    callId: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/, 'must be the id of an earlier tool call')
      .describe('The tool call id whose stored result to read (the storedResult.callId of its summary).'),
    table: z.number().int().nonnegative().default(0).describe('Which table of the result (0 for the first).'),
    offset: z.number().int().nonnegative().default(0).describe('First row to return (0-based); for a result without rows, the first character.'),
    limit: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(`How many rows to return (at most ${maxRows}); for a result without rows, how many characters (at most ${maxChars}).`),
  });
}

type ReadResultParameters = ReturnType<typeof readResultParameters>;

/**
 * `read_result`: pages through a tool result that was too large to show and was stored; the
 * model saw its summary. Only results of the calling investigation can be read: the
 * investigation id comes from the tool context, never from the model. Rows come back with
 * their columns and the offset of the next page.
 */
function createReadResultTool(options: ReadResultToolOptions): ToolDefinition<ReadResultParameters> {
  const { store, maxRows, maxChars } = options;
  return {
    name: READ_RESULT_TOOL,
    description:
      'Read rows of a large tool result that was stored instead of shown (its summary has storedResult.callId). ' +
      `Give callId, the table index, offset and limit (at most ${maxRows} rows); the answer has the rows, their columns and nextOffset. ` +
      'Prefer a narrower query when you need a different question answered; use this to look at rows the summary left out.',
    readOnly: true,
    parameters: readResultParameters(maxRows, maxChars),
    auditDescription: (params) => `read stored result ${params.callId} table ${params.table} from row ${params.offset}`,
    async execute(params, context): Promise<ToolResult> {
      const limit = params.limit ?? maxRows;
      const run = startToolRun({ tool: READ_RESULT_TOOL, invocation: `read_result(callId=${params.callId}, table=${params.table}, offset=${params.offset}, limit=${limit})` });
      if (!context.investigationId) return run.error('no_investigation', 'read_result only reads results of the running investigation, and this call has none');
      let stored;
      try {
        stored = await store.get(context.investigationId, params.callId);
      } catch (error) {
        const info = describeUpstreamError(error);
        return run.error(info.code, `could not read the stored result of ${params.callId}: ${info.message}`);
      }
      if (!stored) {
        return run.error('not_found', `no stored result for call ${params.callId} in this investigation; only results whose summary has storedResult can be read`);
      }
      const tables = resultTables(stored.result.data);
      if (tables.length === 0) {
        const text = JSON.stringify(stored.result.data ?? null);
        const take = Math.min(params.limit ?? maxChars, maxChars);
        const slice = text.slice(params.offset, params.offset + take);
        const next = params.offset + slice.length < text.length ? params.offset + slice.length : null;
        const data = { callId: params.callId, tool: stored.tool, offset: params.offset, totalChars: text.length, text: slice, nextOffset: next };
        const summary = `${params.callId} (${stored.tool}): characters ${params.offset}-${params.offset + slice.length} of ${text.length}`;
        return slice.length === 0 ? run.noData(data, `${summary}: offset past the end`) : run.success(data, summary);
      }
      const table = tables[params.table];
      if (!table) return run.error('no_such_table', `result ${params.callId} has ${tables.length} table(s); table must be 0-${tables.length - 1}`);
      const rows: unknown[][] = [];
      let chars = 0;
      const end = Math.min(table.rows.length, params.offset + Math.min(limit, maxRows));
      for (let index = params.offset; index < end; index++) {
        const row = table.rows[index]!;
        const size = JSON.stringify(row).length + 1;
        // Always return at least one row, so a page can never be empty while rows remain.
        if (rows.length > 0 && chars + size > maxChars) break;
        rows.push(row);
        chars += size;
      }
      const nextOffset = params.offset + rows.length < table.rows.length ? params.offset + rows.length : null;
      const data = {
        callId: params.callId,
        tool: stored.tool,
        table: params.table,
        name: table.name,
        columns: table.columns,
        offset: params.offset,
        returnedRows: rows.length,
        totalRows: table.rows.length,
        nextOffset,
        rows,
      };
      const range = rows.length > 0 ? `rows ${params.offset}-${params.offset + rows.length - 1}` : `no rows from ${params.offset}`;
      const summary = `${params.callId} (${stored.tool}) table ${table.name}: ${range} of ${table.rows.length}${nextOffset === null ? '' : `; next offset ${nextOffset}`}`;
      return rows.length === 0 ? run.noData(data, summary) : run.success(data, summary);
    },
  };
}

export { createReadResultTool };
export type { ReadResultToolOptions };
