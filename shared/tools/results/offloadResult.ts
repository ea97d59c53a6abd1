import { contextSettings } from '../../agent/context/contextSettings';
import { READ_RESULT_TOOL } from '../../agent/context/readResultName';
import { summariseResult } from '../../agent/context/summariseResult';
import type { ToolResult } from '../tool';
import type { ResultStore } from './resultStore';
import { resultStoreFromEnv } from './resultStoreFromEnv';

/** The call a result belongs to. */
interface OffloadCall {
  investigationId: string;
  hypothesisId: string;
  callId: string;
  tool: string;
  arguments: Record<string, unknown>;
  /** Tools the caller may use: a result is only stored when `read_result` is among them (model mode). */
  allowedTools: ReadonlyArray<string>;
}

/**
 * Keeps a large tool result out of the model's context: when its JSON data is longer than
 * `maxChars` and the caller can read it back (`read_result` allowed), the full result goes to
 * the store and its `data` becomes a summary with the stored reference. Anything else comes
 * back unchanged: small results, `read_result`'s own pages, and deterministic checks (their
 * verdict rules read the rows). The returned record stays valid against `toolResultSchema`.
 * Store failures throw, so the activity retries.
 */
async function storeLargeResult(result: ToolResult, call: OffloadCall, store: ResultStore, maxChars: number): Promise<ToolResult> {
  if (result.data === undefined || call.tool === READ_RESULT_TOOL || !call.allowedTools.includes(READ_RESULT_TOOL)) return result;
  const length = JSON.stringify(result.data).length;
  if (length <= maxChars) return result;
  const { path, bytes } = await store.put({
    schemaVersion: 1,
    investigationId: call.investigationId,
    callId: call.callId,
    hypothesisId: call.hypothesisId,
    tool: call.tool,
    arguments: call.arguments,
    result,
  });
  return {
    ...result,
    data: summariseResult(result.data, { callId: call.callId, path, bytes }, { maxChars: Math.max(1000, Math.floor(maxChars * 0.8)) }),
    summary: `${result.summary}; stored (${bytes} bytes), summarised here: read rows with ${READ_RESULT_TOOL}`,
  };
}

/** {@link storeLargeResult} with the store and threshold this deployment configured (a no-op without a store). */
async function offloadLargeResult(result: ToolResult, call: OffloadCall, env: NodeJS.ProcessEnv = process.env): Promise<ToolResult> {
  const store = resultStoreFromEnv(env);
  if (!store) return result;
  return storeLargeResult(result, call, store, contextSettings.load(env).TOOL_RESULT_INLINE_MAX_CHARS);
}

export { offloadLargeResult, storeLargeResult };
export type { OffloadCall };
