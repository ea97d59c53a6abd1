import { z } from 'zod';

/**
 * An MCP tool as an investigation offers it. Snapshotted into the investigation context when
 * the investigation starts, so every turn of every subagent (in any worker) sends the same
 * definition: the tool list is the first part of the cached prompt prefix.
 */
const mcpToolSpecSchema = z.object({
  /** `mcp__<server>__<tool>`: the name the model, plans and rules use. */
  name: z.string().regex(/^mcp__[a-z][a-z0-9-]*__[A-Za-z0-9_-]+$/),
  server: z.string(),
  /** The server's own tool name. */
  tool: z.string(),
  description: z.string(),
  /** The server's JSON Schema for the arguments, passed through to the model unchanged. */
  inputSchema: z.record(z.string(), z.unknown()),
  /** From the tool's `readOnlyHint` annotation or the server's `readOnlyTools`; otherwise a write. */
  readOnly: z.boolean(),
});

type McpToolSpec = z.infer<typeof mcpToolSpecSchema>;

const MCP_PREFIX = 'mcp__';
/** Longest tool name the Messages API takes. */
const MAX_TOOL_NAME = 64;

/** The namespaced name of a server's tool. */
function mcpToolName(server: string, tool: string): string {
  return `${MCP_PREFIX}${server}__${tool}`;
}

/** The server of a namespaced MCP tool name, or undefined for other names. */
function mcpServerOf(name: string): string | undefined {
  return /^mcp__([a-z][a-z0-9-]*)__./.exec(name)?.[1];
}

export { mcpToolSpecSchema, mcpToolName, mcpServerOf, MCP_PREFIX, MAX_TOOL_NAME };
export type { McpToolSpec };
