import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { ConfigError } from '../errors';
import { matchesAny, parseMcpConfig, type McpConfig } from './mcpConfig';
import { McpServerConnection, type McpServerState } from './mcpConnection';
import { mcpSettings } from './mcpSettings';
import { MAX_TOOL_NAME, mcpServerOf, mcpToolName, type McpToolSpec } from './mcpToolSpec';

/** The app root (compiled code sits in dist/shared/mcp), where config/ and node_modules/ are. */
const APP_ROOT = resolve(__dirname, '..', '..', '..');
const MAX_DESCRIPTION = 4000;

/** What the enabled servers offer right now, and what they could not. */
interface McpToolListing {
  tools: McpToolSpec[];
  /** One line per server that failed or tool that cannot be offered, for the report's gaps. */
  gaps: string[];
}

/** One server's line in /api/health. */
interface McpServerHealth {
  transport: 'stdio' | 'http';
  state: McpServerState;
  tools: number | null;
  starts: number;
  error?: string;
}

function specOf(server: string, tool: Tool, readOnlyTools: ReadonlyArray<string>): McpToolSpec {
  const { $schema: _schema, ...inputSchema } = tool.inputSchema as Record<string, unknown>;
  const text = tool.description ?? tool.title ?? tool.annotations?.title ?? tool.name;
  return {
    name: mcpToolName(server, tool.name),
    server,
    tool: tool.name,
    description: `(MCP server ${server}) ${text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION - 1)}…` : text}`,
    inputSchema,
    readOnly: tool.annotations?.readOnlyHint === true || matchesAny(readOnlyTools, tool.name),
  };
}

/**
 * The MCP servers of this worker process: one connection per enabled server, started lazily
 * and reused by every activity, stopped on shutdown. A server that cannot be reached is a gap
 * in the tool list, never an error for the investigation.
 */
class McpRegistry {
  public readonly config: McpConfig;
  private readonly connections = new Map<string, McpServerConnection>();

  public constructor(config: McpConfig, options: { appRoot: string; env?: NodeJS.ProcessEnv }) {
    this.config = config;
    for (const [name, server] of Object.entries(config.servers)) {
      if (server.enabled) this.connections.set(name, new McpServerConnection(name, server, options));
    }
  }

  public connection(server: string): McpServerConnection | undefined {
    return this.connections.get(server);
  }

  /** Every offered tool of every enabled server, sorted by name (servers are asked in parallel). */
  public async listTools(): Promise<McpToolListing> {
    const gaps: string[] = [];
    const perServer = await Promise.all(
      [...this.connections.values()].map(async (connection) => {
        try {
          return { connection, tools: await connection.tools() };
        } catch (error) {
          gaps.push(`MCP server ${connection.name} is unavailable, its tools were not offered: ${error instanceof Error ? error.message : String(error)}`);
          return { connection, tools: [] as Tool[] };
        }
      }),
    );
    const tools: McpToolSpec[] = [];
    for (const { connection, tools: listed } of perServer) {
      const { tools: allow, readOnlyTools } = connection.config;
      for (const tool of listed) {
        if (allow && !matchesAny(allow, tool.name)) continue;
        const spec = specOf(connection.name, tool, readOnlyTools);
        if (spec.name.length > MAX_TOOL_NAME || !/^[A-Za-z0-9_-]+$/.test(tool.name)) {
          gaps.push(`MCP tool ${connection.name}/${tool.name} was not offered: its name does not fit a model tool name (letters, digits, _ and -, ${MAX_TOOL_NAME} characters with the prefix)`);
          continue;
        }
        tools.push(spec);
      }
    }
    tools.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { tools, gaps: gaps.sort() };
  }

  /** The spec of one namespaced tool, listing its server's tools if needed; undefined when the server does not offer it. */
  public async spec(name: string): Promise<McpToolSpec | undefined> {
    const server = mcpServerOf(name);
    const connection = server === undefined ? undefined : this.connections.get(server);
    if (!connection) return undefined;
    const { tools, readOnlyTools } = connection.config;
    const tool = (await connection.tools()).find((t) => mcpToolName(connection.name, t.name) === name);
    if (!tool || (tools && !matchesAny(tools, tool.name))) return undefined;
    return specOf(connection.name, tool, readOnlyTools);
  }

  /** Each declared server with its state in this process (disabled ones as `disabled`). */
  public health(): Record<string, McpServerHealth | { transport: 'stdio' | 'http'; state: 'disabled' }> {
    const out: Record<string, McpServerHealth | { transport: 'stdio' | 'http'; state: 'disabled' }> = {};
    for (const [name, server] of Object.entries(this.config.servers)) {
      const connection = this.connections.get(name);
      out[name] = connection ? { transport: server.transport, ...connection.describe() } : { transport: server.transport, state: 'disabled' };
    }
    return out;
  }

  /** Stops every server (shutdown). */
  public async stop(): Promise<void> {
    await Promise.all([...this.connections.values()].map((connection) => connection.stop()));
  }
}

/**
 * Reads and validates MCP_CONFIG_FILE.
 * @throws ConfigError naming the file and line (or the file, when it cannot be read).
 */
async function loadMcpConfig(env: NodeJS.ProcessEnv = process.env, appRoot = APP_ROOT): Promise<McpConfig> {
  const file = mcpSettings.load(env).MCP_CONFIG_FILE;
  const path = isAbsolute(file) ? file : resolve(appRoot, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(file, `cannot read the MCP servers file (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
  return parseMcpConfig(file, text);
}

let registry: { key: string; value: Promise<McpRegistry> } | undefined;

/** This process's registry, built once from MCP_CONFIG_FILE (a failed load is retried on the next call). */
function mcpRegistry(env: NodeJS.ProcessEnv = process.env): Promise<McpRegistry> {
  const key = mcpSettings.load(env).MCP_CONFIG_FILE;
  if (!registry || registry.key !== key) {
    const previous = registry?.value;
    const value = loadMcpConfig(env).then((config) => new McpRegistry(config, { appRoot: APP_ROOT, env }));
    registry = { key, value };
    value.catch(() => {
      if (registry?.value === value) registry = undefined;
    });
    void previous?.then((old) => old.stop(), () => undefined);
  }
  return registry.value;
}

/** The registry if this process built one (health must not start servers or read files). */
async function currentMcpRegistry(): Promise<McpRegistry | undefined> {
  return registry?.value.catch(() => undefined);
}

/** Stops this process's MCP servers (the app's terminate hook). */
async function stopMcpServers(): Promise<void> {
  const current = await currentMcpRegistry();
  registry = undefined;
  await current?.stop();
}

export { McpRegistry, loadMcpConfig, mcpRegistry, currentMcpRegistry, stopMcpServers };
export type { McpToolListing, McpServerHealth };
