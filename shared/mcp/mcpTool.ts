import { z } from 'zod';
import { canonicalInvocation } from '../governance/rules/canonicalInvocation';
import type { ToolDefinition } from '../tools/tool';
import { startToolRun } from '../tools/toolRun';
import { McpUnavailableError } from './mcpConnection';
import type { McpRegistry } from './mcpRegistry';
import { toolResultFromMcp } from './mcpToolResult';
import type { McpToolSpec } from './mcpToolSpec';

/** MCP arguments are validated by the server against its own JSON Schema; here they only need to be an object. */
const mcpArgumentsSchema = z.record(z.string(), z.unknown());

/**
 * An MCP server's tool as a tool like any other: governed, audited, redacted and stored when
 * large by the same path as the built-in tools. A server that is down, times out or exits
 * mid-call gives an `error` result the model can work around; the next call starts it again.
 */
function mcpToolDefinition(spec: McpToolSpec, registry: McpRegistry): ToolDefinition<typeof mcpArgumentsSchema> {
  return {
    name: spec.name,
    description: spec.description,
    readOnly: spec.readOnly,
    parameters: mcpArgumentsSchema,
    inputSchema: spec.inputSchema,
    mcp: { server: spec.server, tool: spec.tool },
    auditDescription: (params) => canonicalInvocation({ name: spec.name, readOnly: spec.readOnly, mcp: { connector: spec.server, tool: spec.tool } }, params).text,
    async execute(params, context) {
      const invocation = canonicalInvocation({ name: spec.name, readOnly: spec.readOnly, mcp: { connector: spec.server, tool: spec.tool } }, params).text;
      const run = startToolRun({ tool: spec.name, invocation });
      const connection = registry.connection(spec.server);
      if (!connection) return run.error('mcp_unavailable', `MCP server ${spec.server} is not enabled in this deployment`);
      try {
        return toolResultFromMcp(run, spec.server, spec.tool, await connection.callTool(spec.tool, params, context.signal));
      } catch (error) {
        if (!(error instanceof McpUnavailableError)) throw error;
        return run.error(error.code, `${error.message}. The server is started again on the next call; meanwhile use other tools and name what you could not check as a gap.`);
      }
    },
  };
}

export { mcpToolDefinition, mcpArgumentsSchema };
