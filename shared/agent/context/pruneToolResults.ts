import type { ContentBlockParam, MessageParam } from '@anthropic-ai/sdk/resources/messages';
import type { ToolCallRecord } from '../toolCallRecord';
import { READ_RESULT_TOOL } from './readResultName';
import { storedRefOf } from './summariseResult';

/** When and how much of a subagent's conversation is pruned. */
interface PruneLimits {
  /** Prune once the messages serialise to more characters than this. */
  maxChars: number;
  /** The newest tool results kept verbatim whatever the size. */
  keepRecent: number;
}

/**
 * Defaults used by the `runHypothesis` orchestrator. Constants, not settings: an orchestrator
 * may not read the environment, and the investigation context has no field to carry them.
 * 60 000 characters is about 15 000 tokens of conversation after the cached prefix.
 */
const DEFAULT_PRUNE_LIMITS: PruneLimits = { maxChars: 60_000, keepRecent: 4 };

/** The one line that replaces a pruned result. */
function pruneNote(record: ToolCallRecord): string {
  const summary = record.result.summary.replace(/\s+/g, ' ').trim();
  return storedRefOf(record.result.data)
    ? `result of ${record.id} (${record.tool}): ${summary}; call ${READ_RESULT_TOOL} to see it again`
    : `result of ${record.id} (${record.tool}): ${summary}; pruned to save context, run a narrower query if you need its rows again`;
}

function size(messages: ReadonlyArray<MessageParam>): number {
  return JSON.stringify(messages).length;
}

/**
 * Shortens stale tool results once a subagent's conversation passes `limits.maxChars`: the
 * oldest results (beyond the newest `keepRecent`) get a one-line note in place of their content,
 * oldest first, until the conversation fits or nothing prunable is left. The opening message,
 * the assistant turns (their `tool_use` blocks) and every `tool_result` block itself are kept,
 * since the Messages API pairs each tool_result with a tool_use id; only the content shrinks.
 * Results of calls without a record (refusals, already short) are left alone.
 *
 * Pure and deterministic: no I/O, no clock; the input is not changed; the same input gives the
 * same output, so it is safe in an orchestrator.
 */
function pruneToolResults(messages: ReadonlyArray<MessageParam>, records: ReadonlyArray<ToolCallRecord>, limits: PruneLimits = DEFAULT_PRUNE_LIMITS): MessageParam[] {
  const out = [...messages];
  let total = size(out);
  if (total <= limits.maxChars) return out;
  const byId = new Map(records.map((record) => [record.id, record]));

  // Positions of prunable tool_result blocks, oldest first; message 0 (the opening) is never touched.
  const positions: Array<{ message: number; block: number; record: ToolCallRecord }> = [];
  for (let m = 1; m < out.length; m++) {
    const message = out[m]!;
    if (message.role !== 'user' || typeof message.content === 'string') continue;
    message.content.forEach((block, b) => {
      const record = block.type === 'tool_result' ? byId.get(block.tool_use_id) : undefined;
      if (record) positions.push({ message: m, block: b, record });
    });
  }
  const stale = positions.slice(0, Math.max(0, positions.length - Math.max(0, limits.keepRecent)));
  for (const position of stale) {
    if (total <= limits.maxChars) break;
    const message = out[position.message]!;
    const blocks = [...(message.content as ContentBlockParam[])];
    const block = blocks[position.block]!;
    if (block.type !== 'tool_result') continue;
    const note = pruneNote(position.record);
    if (block.content === note) continue;
    blocks[position.block] = { ...block, content: note };
    const before = JSON.stringify(message).length;
    out[position.message] = { ...message, content: blocks } as MessageParam;
    total += JSON.stringify(out[position.message]).length - before;
  }
  return out;
}

export { pruneToolResults, pruneNote, DEFAULT_PRUNE_LIMITS };
export type { PruneLimits };
