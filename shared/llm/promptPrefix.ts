import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { TextBlockParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import { toAnthropicTool, type ModelToolSpec } from './modelTool';

/**
 * The cached part of every request: tool definitions, then the system blocks (instructions,
 * then plan and memory index). It must be byte-identical across the turns of a subagent and
 * across the parallel subagents of an investigation, or prompt caching silently stops paying;
 * so it is built only from inputs that do not vary per hypothesis or per turn, tools are sorted
 * by name, and `fingerprint` (sha256 of the serialised prefix) lets tests and logs compare it.
 *
 * Breakpoints: `cache_control` on the last tool (caches the tool list, shareable across plans
 * that allow the same tools) and on the last system block (caches tools + instructions + plan +
 * memory). Hypothesis text, the incident and the conversation come after, in `messages`.
 */
const promptPrefixSchema = z.object({
  schemaVersion: z.literal(1),
  tools: z.array(z.custom<Tool>((value) => value !== null && typeof value === 'object')),
  system: z.array(z.custom<TextBlockParam>((value) => value !== null && typeof value === 'object')),
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
});

type PromptPrefix = z.infer<typeof promptPrefixSchema>;

/** What goes into the prefix; none of it may depend on the hypothesis or the turn. */
interface PromptPrefixInput {
  /** The fixed instructions (role, rules, how to report). */
  instructions: string;
  tools: ReadonlyArray<ModelToolSpec>;
  /** The response plan rendered as text (all hypotheses, so every subagent shares it). */
  planText: string;
  /** The memory index (titles and one-liners of what the responder has learned). */
  memoryIndex: string;
}

const EPHEMERAL = { type: 'ephemeral' } as const;

/** Builds the cached prefix; the same input always yields the same bytes and fingerprint. */
function buildPromptPrefix(input: PromptPrefixInput): PromptPrefix {
  const names = new Set<string>();
  for (const tool of input.tools) {
    if (names.has(tool.name)) throw new TypeError(`tool '${tool.name}' is listed twice`);
    names.add(tool.name);
  }
  const sorted = [...input.tools].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const tools: Tool[] = sorted.map(toAnthropicTool);
  const last = tools[tools.length - 1];
  if (last) tools[tools.length - 1] = { ...last, cache_control: EPHEMERAL };
  const context = [
    '# Response plan',
    input.planText.trim(),
    '',
    '# Memory index',
    input.memoryIndex.trim() || '(empty)',
  ].join('\n');
  const system: TextBlockParam[] = [
    { type: 'text', text: input.instructions.trim() },
    { type: 'text', text: context, cache_control: EPHEMERAL },
  ];
  return { schemaVersion: 1, tools, system, fingerprint: fingerprintOf(tools, system) };
}

/** sha256 of the serialised tools and system blocks, exactly as they are sent. */
function fingerprintOf(tools: ReadonlyArray<Tool>, system: ReadonlyArray<TextBlockParam>): string {
  return createHash('sha256').update(JSON.stringify({ tools, system })).digest('hex');
}

export { promptPrefixSchema, buildPromptPrefix, fingerprintOf };
export type { PromptPrefix, PromptPrefixInput };
