import { z } from 'zod';
import { defineSettings, positiveInt } from '../config';

/** Settings of the MCP client: where the server declarations are and how many MCP tools one investigation offers. */
const mcpSettings = defineSettings('mcp', 'MCP servers whose tools investigations may use (config/mcp.yaml)', {
  MCP_CONFIG_FILE: {
    schema: z.string().min(1),
    description:
      'MCP server declarations (YAML), relative to the app root. Validated at startup; errors name the file and line. ' +
      'Servers are off unless `enabled: true`. See docs/mcp.md.',
    default: 'config/mcp.yaml',
  },
  MCP_MAX_TOOLS_PER_SUBAGENT: {
    schema: positiveInt,
    description:
      'Most MCP tools one investigation offers its subagents (after the plan\'s wildcards are expanded, in name order); ' +
      'the rest are reported as gaps. Every tool definition costs prompt tokens on every turn.',
    default: '40',
  },
});

type McpSettings = ReturnType<typeof mcpSettings.load>;

export { mcpSettings };
export type { McpSettings };
