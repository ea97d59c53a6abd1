import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { pruneNote, pruneToolResults } from '../../../../shared/agent/context/pruneToolResults';
import type { ToolCallRecord } from '../../../../shared/agent/toolCallRecord';

function record(id: string, options: { stored?: boolean; summary?: string } = {}): ToolCallRecord {
  return {
    schemaVersion: 1,
    id,
    hypothesisId: 'alpha',
    tool: 'app_insights_query',
    arguments: { query: `AppRequests | where x == '${id}'` },
    result: {
      schemaVersion: 1,
      tool: 'app_insights_query',
      status: 'success',
      invocation: `AppRequests | where x == '${id}'`,
      data: options.stored ? { storedResult: { callId: id, path: `tool-outputs/inv/${id}.json`, bytes: 90000 } } : { rows: [] },
      summary: options.summary ?? `appi-shop-prod over PT1H: 40 rows`,
      durationMs: 12,
    },
  };
}

/** An opening message, then one assistant tool_use turn and one user tool_result answer per call. */
function conversation(ids: string[], resultChars: number): MessageParam[] {
  const messages: MessageParam[] = [{ role: 'user', content: [{ type: 'text', text: 'Test this hypothesis: alpha: Alpha cause' }] }];
  for (const id of ids) {
    messages.push({ role: 'assistant', content: [{ type: 'tool_use', id, name: 'app_insights_query', input: { query: 'AppRequests' } }] });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: `${id}:${'r'.repeat(resultChars)}` }] });
  }
  return messages;
}

function resultContent(messages: MessageParam[], id: string): unknown {
  for (const message of messages) {
    if (typeof message.content === 'string') continue;
    for (const block of message.content) if (block.type === 'tool_result' && block.tool_use_id === id) return block.content;
  }
  return undefined;
}

describe('pruneToolResults', () => {
  const ids = ['toolu_1', 'toolu_2', 'toolu_3', 'toolu_4', 'toolu_5'];
  const records = ids.map((id, i) => record(id, { stored: i % 2 === 0 }));

  it('leaves a conversation under the threshold as it is', () => {
    // Prepare
    const messages = conversation(ids, 100);

    // Act
    const pruned = pruneToolResults(messages, records, { maxChars: 100_000, keepRecent: 1 });

    // Assess
    expect(pruned).toEqual(messages);
  });

  it('replaces the oldest results with one-line notes until the conversation fits, keeping the newest verbatim', () => {
    // Prepare: five 5000-character results, a 12000-character budget
    const messages = conversation(ids, 5000);

    // Act
    const pruned = pruneToolResults(messages, records, { maxChars: 12_000, keepRecent: 2 });

    // Assess
    expect(resultContent(pruned, 'toolu_1')).toBe('result of toolu_1 (app_insights_query): appi-shop-prod over PT1H: 40 rows; call read_result to see it again');
    expect(resultContent(pruned, 'toolu_2')).toBe(pruneNote(records[1]!));
    expect(resultContent(pruned, 'toolu_2')).toMatch(/pruned to save context/);
    expect(resultContent(pruned, 'toolu_3')).toBe(pruneNote(records[2]!));
    expect(resultContent(pruned, 'toolu_4')).toBe(resultContent(messages, 'toolu_4'));
    expect(resultContent(pruned, 'toolu_5')).toBe(resultContent(messages, 'toolu_5'));
    expect(JSON.stringify(pruned).length).toBeLessThanOrEqual(12_000);
  });

  it('prunes only as many old results as needed to fit', () => {
    // Prepare: dropping one 5000-character result is enough
    const messages = conversation(ids, 5000);
    const limit = JSON.stringify(messages).length - 4500;

    // Act
    const pruned = pruneToolResults(messages, records, { maxChars: limit, keepRecent: 2 });

    // Assess
    expect(resultContent(pruned, 'toolu_1')).toBe(pruneNote(records[0]!));
    expect(resultContent(pruned, 'toolu_2')).toBe(resultContent(messages, 'toolu_2'));
  });

  it('never touches the opening message, the tool_use blocks or the pairing of tool_result ids', () => {
    // Prepare
    const messages = conversation(ids, 5000);

    // Act
    const pruned = pruneToolResults(messages, records, { maxChars: 1, keepRecent: 0 });

    // Assess
    expect(pruned[0]).toBe(messages[0]);
    expect(pruned.filter((m) => m.role === 'assistant')).toEqual(messages.filter((m) => m.role === 'assistant'));
    const pairs = (list: MessageParam[]): string[] =>
      list.flatMap((m) => (typeof m.content === 'string' ? [] : m.content.flatMap((b) => (b.type === 'tool_result' ? [b.tool_use_id] : []))));
    expect(pairs(pruned)).toEqual(ids);
    expect(ids.every((id, i) => resultContent(pruned, id) === pruneNote(records[i]!))).toBe(true);
  });

  it('leaves results without a record (refused calls) and the input array unchanged', () => {
    // Prepare
    const messages = conversation(ids, 5000);
    const snapshot = JSON.stringify(messages);

    // Act
    const pruned = pruneToolResults(messages, records.slice(1), { maxChars: 1, keepRecent: 0 });

    // Assess
    expect(resultContent(pruned, 'toolu_1')).toBe(resultContent(messages, 'toolu_1'));
    expect(resultContent(pruned, 'toolu_2')).toBe(pruneNote(records[1]!));
    expect(JSON.stringify(messages)).toBe(snapshot);
  });

  it('gives the same output for the same input, and pruning twice changes nothing more', () => {
    // Prepare
    const messages = conversation(ids, 5000);

    // Act
    const once = pruneToolResults(messages, records, { maxChars: 12_000, keepRecent: 2 });
    const again = pruneToolResults(messages, records, { maxChars: 12_000, keepRecent: 2 });
    const twice = pruneToolResults(once, records, { maxChars: 12_000, keepRecent: 2 });

    // Assess
    expect(JSON.stringify(again)).toBe(JSON.stringify(once));
    expect(JSON.stringify(twice)).toBe(JSON.stringify(once));
  });
});
