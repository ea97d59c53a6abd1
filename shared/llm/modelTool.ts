import { z } from 'zod';
import type { Tool } from '@anthropic-ai/sdk/resources/messages';

/** A tool as the model sees it: name, description and a zod schema for its input. */
interface ModelToolSpec {
  readonly name: string;
  readonly description: string;
  readonly parameters: z.ZodType;
  /** A JSON Schema passed through instead of converting `parameters` (MCP tools). */
  readonly inputSchema?: Record<string, unknown>;
}

/**
 * Converts a tool to the Messages API shape, its zod schema rendered with `z.toJSONSchema` (or
 * its own JSON Schema passed through, for MCP tools).
 * Keys are sorted recursively so the same tool always serialises to the same bytes, whatever
 * order a schema was declared or merged in: the tool list is the first part of the cached prefix.
 */
function toAnthropicTool(spec: ModelToolSpec): Tool {
  const jsonSchema = spec.inputSchema
    ? { ...spec.inputSchema }
    : (z.toJSONSchema(spec.parameters, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>);
  delete jsonSchema.$schema;
  if (jsonSchema.type !== 'object') {
    throw new TypeError(`tool '${spec.name}' must take an object as input (got JSON Schema type ${String(jsonSchema.type)})`);
  }
  return {
    name: spec.name,
    description: spec.description,
    input_schema: sortKeys(jsonSchema) as Tool['input_schema'],
  };
}

/** A deep copy with object keys in code-point order (arrays keep their order). */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

export { toAnthropicTool, sortKeys };
export type { ModelToolSpec };
