import { z } from 'zod';
import { buildPromptPrefix } from '../../../shared/llm/promptPrefix';
import { buildTurnRequest } from '../../../shared/llm/turnRequest';
import { supportsForcedToolChoice } from '../../../shared/llm/modelCapabilities';
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';

const tools = [
  { name: 'zeta_query', description: 'z', parameters: z.object({ q: z.string(), a: z.number().optional() }) },
  { name: 'submit_verdict', description: 'v', parameters: z.object({ verdict: z.string() }) },
  { name: 'alpha_query', description: 'a', parameters: z.object({ q: z.string() }) },
];
const input = { instructions: 'Be careful.', tools, planText: 'Plan text', memoryIndex: '' };

describe('prompt prefix and turn request', () => {
  it('builds the same bytes whatever order the tools come in, with breakpoints on the last tool and system block', () => {
    // Act
    const one = buildPromptPrefix(input);
    const two = buildPromptPrefix({ ...input, tools: [...tools].reverse() });

    // Assess
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    expect(one.tools.map((tool) => tool.name)).toEqual(['alpha_query', 'submit_verdict', 'zeta_query']);
    expect(one.tools.map((tool) => 'cache_control' in tool)).toEqual([false, false, true]);
    expect(one.system.map((block) => block.cache_control)).toEqual([undefined, { type: 'ephemeral' }]);
    expect(one.system[1]?.text).toContain('# Memory index\n(empty)');
    expect(one.tools[2]?.input_schema).toEqual({
      type: 'object',
      properties: { a: { type: 'number' }, q: { type: 'string' } },
      required: ['q'],
    });
  });

  it('changes the fingerprint when the plan text changes', () => {
    // Act and Assess
    expect(buildPromptPrefix({ ...input, planText: 'Other plan' }).fingerprint).not.toBe(buildPromptPrefix(input).fingerprint);
  });

  it('puts a conversation breakpoint on a copy of the newest user block only', () => {
    // Prepare
    const prefix = buildPromptPrefix(input);
    const messages: MessageParam[] = [
      { role: 'user', content: [{ type: 'text', text: 'incident' }, { type: 'text', text: 'hypothesis' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'alpha_query', input: { q: 'x' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'rows' }] },
    ];

    // Act
    const request = buildTurnRequest({ model: 'claude-sonnet-5-5', maxTokens: 1024, prefix, messages });

    // Assess
    expect(request.messages[2]?.content).toEqual([{ type: 'tool_result', tool_use_id: 't1', content: 'rows', cache_control: { type: 'ephemeral' } }]);
    expect(JSON.stringify(request.messages[0])).not.toContain('cache_control');
    expect(JSON.stringify(messages)).not.toContain('cache_control');
    expect(request.tool_choice).toBeUndefined();
  });

  it('forces the final tool only on models that accept forced tool choice, never changing the tool list', () => {
    // Prepare
    const prefix = buildPromptPrefix(input);
    const messages: MessageParam[] = [{ role: 'user', content: 'go' }];

    // Act
    const older = buildTurnRequest({ model: 'claude-sonnet-4-5', maxTokens: 100, prefix, messages, finalTool: 'submit_verdict' });
    const current = buildTurnRequest({ model: 'claude-sonnet-5-5', maxTokens: 100, prefix, messages, finalTool: 'submit_verdict' });

    // Assess
    expect(older.tool_choice).toEqual({ type: 'tool', name: 'submit_verdict' });
    expect(current.tool_choice).toBeUndefined();
    expect(older.tools).toBe(prefix.tools);
    expect(current.tools).toBe(prefix.tools);
    expect(supportsForcedToolChoice('claude-haiku-4-5-20251001')).toBe(true);
    expect(supportsForcedToolChoice('claude-opus-5-5')).toBe(false);
  });

  it('refuses a conversation that ends with the assistant or a final tool the prefix lacks', () => {
    // Prepare
    const prefix = buildPromptPrefix(input);

    // Act and Assess
    expect(() => buildTurnRequest({ model: 'm', maxTokens: 1, prefix, messages: [{ role: 'assistant', content: 'prefill' }] })).toThrow(/end with a user message/);
    expect(() => buildTurnRequest({ model: 'm', maxTokens: 1, prefix, messages: [{ role: 'user', content: 'x' }], finalTool: 'nope' })).toThrow(/not among/);
  });
});
