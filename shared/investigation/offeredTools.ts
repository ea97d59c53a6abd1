import { mcpRegistry } from '../mcp/mcpRegistry';
import { mcpSettings } from '../mcp/mcpSettings';
import { MCP_PREFIX, type McpToolSpec } from '../mcp/mcpToolSpec';
import { toolAllowed } from '../plans/planSchema';

/** What one investigation offers: tool names in plan order, the MCP tools' definitions, and what is missing. */
interface OfferedTools {
  tools: string[];
  mcpTools: McpToolSpec[];
  gaps: string[];
}

/**
 * Expands a plan's allowed tools against what this deployment has: built-in tools by name, MCP
 * tools by name or wildcard (`mcp__azure__*`). MCP servers are only asked when the plan names an
 * MCP tool; a server that is down is a gap. At most MCP_MAX_TOOLS_PER_SUBAGENT MCP tools are
 * offered (in name order), so a large server cannot flood every prompt.
 */
async function offeredTools(allowedTools: ReadonlyArray<string>, builtIns: ReadonlyMap<string, unknown>, env: NodeJS.ProcessEnv = process.env): Promise<OfferedTools> {
  const gaps: string[] = [];
  const tools = allowedTools.filter((name) => !name.startsWith(MCP_PREFIX) && builtIns.has(name));
  for (const name of allowedTools) {
    if (!name.startsWith(MCP_PREFIX) && !builtIns.has(name)) gaps.push(`tool ${name} is allowed by the plan but not configured here`);
  }
  const mcpPatterns = allowedTools.filter((name) => name.startsWith(MCP_PREFIX));
  if (mcpPatterns.length === 0) return { tools, mcpTools: [], gaps };
  const listing = await (await mcpRegistry(env)).listTools();
  gaps.push(...listing.gaps);
  let mcpTools = listing.tools.filter((spec) => toolAllowed(mcpPatterns, spec.name));
  for (const pattern of mcpPatterns) {
    if (!mcpTools.some((spec) => toolAllowed([pattern], spec.name))) gaps.push(`tool ${pattern} is allowed by the plan but no enabled MCP server offers it here`);
  }
  const cap = mcpSettings.load(env).MCP_MAX_TOOLS_PER_SUBAGENT;
  if (mcpTools.length > cap) {
    gaps.push(`${mcpTools.length - cap} MCP tool(s) were not offered (MCP_MAX_TOOLS_PER_SUBAGENT is ${cap}): ${mcpTools.slice(cap).map((spec) => spec.name).join(', ')}`);
    mcpTools = mcpTools.slice(0, cap);
  }
  return { tools: [...tools, ...mcpTools.map((spec) => spec.name)], mcpTools, gaps };
}

export { offeredTools };
export type { OfferedTools };
