import { RestError, type TableClient } from '@azure/data-tables';
import { TransientError } from '../../errors';
import { toolResultSchema, type ToolResult } from '../../tools/tool';

/** Most characters of a result kept on the ledger row (Table properties hold 64 KiB). */
const MAX_STORED = 30_000;

/** Runs a remediation action's call at most once per (investigation, call id), across retries and host kills. */
interface ActionLedger {
  runOnce(investigationId: string, callId: string, run: () => Promise<ToolResult>, describe: { tool: string; invocation: string }): Promise<ToolResult>;
}

function transient(what: string, error: unknown): TransientError {
  return new TransientError(`the actions ledger failed while ${what}`, { cause: error });
}

/** The result of a call whose earlier run was interrupted: never run twice, so its outcome is unknown. */
function interruptedResult(describe: { tool: string; invocation: string }, startedAt: string): ToolResult {
  const message = `this action started at ${startedAt} and the host stopped before its result was recorded; it was not run again (actions run at most once). Check its effect: the verification says whether the symptom cleared.`;
  return { schemaVersion: 1, tool: describe.tool, status: 'error', invocation: describe.invocation, error: { code: 'action_interrupted', message }, summary: 'interrupted: outcome unknown', durationMs: 0 };
}

/**
 * A ledger on a table: the row is inserted (`attempted`) before the call and updated with the
 * result (`finished`) after it, like the delivery ledger. An insert that finds the row means an
 * earlier try: a finished one's recorded result comes back, an unfinished one is reported as
 * interrupted and never run again (a restart or a slot swap must not happen twice).
 */
function createActionLedger(table: TableClient): ActionLedger {
  let ready: Promise<unknown> | undefined;
  const ensureTable = (): Promise<unknown> =>
    (ready ??= table.createTable().catch((error: unknown) => {
      ready = undefined;
      if (error instanceof RestError && error.statusCode === 409) return;
      throw transient('creating its table', error);
    }));
  return {
    async runOnce(investigationId, callId, run, describe) {
      const partitionKey = investigationId;
      const rowKey = encodeURIComponent(callId);
      const startedAt = new Date().toISOString();
      await ensureTable();
      try {
        await table.createEntity({ partitionKey, rowKey, state: 'attempted', startedAt, tool: describe.tool, invocation: describe.invocation.slice(0, MAX_STORED) });
      } catch (error) {
        if (!(error instanceof RestError && error.statusCode === 409)) throw transient('recording an attempt', error);
        let row: { state?: unknown; startedAt?: unknown; result?: unknown };
        try {
          row = await table.getEntity(partitionKey, rowKey);
        } catch (readError) {
          throw transient('reading an earlier attempt', readError);
        }
        if (row.state === 'finished' && typeof row.result === 'string') {
          const recorded = toolResultSchema.safeParse(JSON.parse(row.result));
          if (recorded.success) return { ...recorded.data, summary: `${recorded.data.summary} (recorded result; not run again)` };
        }
        return interruptedResult(describe, String(row.startedAt ?? 'an earlier time'));
      }
      const result = await run();
      const json = JSON.stringify(result);
      const stored = json.length <= MAX_STORED ? json : JSON.stringify({ ...result, data: undefined, summary: `${result.summary} (data too large for the ledger)` });
      try {
        await table.updateEntity({ partitionKey, rowKey, state: 'finished', finishedAt: new Date().toISOString(), result: stored }, 'Merge');
      } catch (error) {
        throw transient('recording a result', error);
      }
      return result;
    },
  };
}

export { createActionLedger, interruptedResult };
export type { ActionLedger };
