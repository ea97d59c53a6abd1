import { createTelemetryCredential } from '../tools/telemetryCredential';
import { createTelemetryTools } from '../tools/createTelemetryTools';
import { telemetrySettings } from '../tools/telemetrySettings';
import { readResultToolFromEnv } from '../tools/results/resultStoreFromEnv';
import type { ToolDefinition } from '../tools/tool';
import { mcpRegistry } from '../mcp/mcpRegistry';
import { mcpToolDefinition } from '../mcp/mcpTool';
import { mcpServerOf } from '../mcp/mcpToolSpec';

let cached: Map<string, ToolDefinition> | undefined;

/**
 * The built-in tools this deployment can run, built once per process from the telemetry settings
 * (a tool whose settings are missing is simply not offered: the investigation reports it as a gap).
 */
function getTools(env: NodeJS.ProcessEnv = process.env): Map<string, ToolDefinition> {
  if (!cached) {
    const settings = telemetrySettings.load(env);
    const tools = createTelemetryTools(settings, createTelemetryCredential(settings));
    cached = new Map(tools.map((tool) => [tool.name, tool]));
    // read_result pages through stored large results (only with a result store configured).
    const readResult = readResultToolFromEnv(env);
    if (readResult) cached.set(readResult.name, readResult);
  }
  return cached;
}

/** Why a tool cannot be run here. */
type ToolLookupFailure = { code: 'tool_not_configured' | 'mcp_unavailable'; message: string };

/**
 * One tool by name: a built-in, or an MCP server's (`mcp__<server>__<tool>`), whose server is
 * started on first use. A server that cannot be reached is a failure the model is told about.
 */
async function findTool(name: string, env: NodeJS.ProcessEnv = process.env): Promise<ToolDefinition | ToolLookupFailure> {
  const builtIn = getTools(env).get(name);
  if (builtIn) return builtIn;
  if (mcpServerOf(name) === undefined) return { code: 'tool_not_configured', message: `${name} is not configured in this deployment` };
  const registry = await mcpRegistry(env);
  try {
    const spec = await registry.spec(name);
    return spec ? mcpToolDefinition(spec, registry) : { code: 'tool_not_configured', message: `${name} is not offered by an enabled MCP server in this deployment` };
  } catch (error) {
    return { code: 'mcp_unavailable', message: `${error instanceof Error ? error.message : String(error)}; use other tools and name what you could not check as a gap` };
  }
}

export { getTools, findTool };
export type { ToolLookupFailure };
