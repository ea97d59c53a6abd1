import { isAbsolute, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { AppError } from '../errors';
import { expandSecretReferences } from '../destinations/secretReference';
import type { McpServerConfig } from './mcpConfig';

/** Where a server stands in this worker process (shown by /api/health). */
type McpServerState = 'idle' | 'starting' | 'ready' | 'exited' | 'failed' | 'stopped';

/** A server could not be reached, started, or answered with a protocol error: the model gets it as a tool error. */
class McpUnavailableError extends AppError {
  public readonly server: string;
  public readonly code: 'mcp_unavailable' | 'mcp_timeout' | 'mcp_protocol_error';

  public constructor(server: string, code: McpUnavailableError['code'], message: string, options?: ErrorOptions) {
    super(`MCP server ${server}: ${message}`, options);
    this.server = server;
    this.code = code;
  }
}

/** Identity endpoints a stdio server needs to use the app's managed identity, on top of the SDK's safe defaults. */
const IDENTITY_ENV = ['IDENTITY_ENDPOINT', 'IDENTITY_HEADER', 'MSI_ENDPOINT', 'MSI_SECRET', 'AZURE_CLIENT_ID', 'AZURE_TENANT_ID', 'AZURE_FEDERATED_TOKEN_FILE', 'AZURE_AUTHORITY_HOST'];

const CLIENT_INFO = { name: 'azure-incident-responder', version: '1' };

/**
 * The SDK, loaded on first connect: it takes a second or more to load, which an app with no
 * MCP server enabled (the demo) should not pay at every cold start.
 */
async function loadSdk() {
  const [client, stdio, http] = await Promise.all([
    import('@modelcontextprotocol/sdk/client/index.js'),
    import('@modelcontextprotocol/sdk/client/stdio.js'),
    import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
  ]);
  return { Client: client.Client, StdioClientTransport: stdio.StdioClientTransport, getDefaultEnvironment: stdio.getDefaultEnvironment, StreamableHTTPClientTransport: http.StreamableHTTPClientTransport };
}

type Sdk = Awaited<ReturnType<typeof loadSdk>>;
const STDERR_TAIL_CHARS = 2000;

/** Seams for tests; production passes nothing. */
interface McpConnectionOptions {
  /** Folder relative commands and cwd start from (the app root). */
  appRoot: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * One MCP server as this worker process sees it: started (stdio) or reached (HTTP) lazily on
 * first use, shared by every activity of the process, started again on the next use after it
 * exits or a call finds it gone, and stopped on shutdown. Its tool list is read once and kept,
 * so the tools offered to the model stay byte-identical for the life of the process.
 */
class McpServerConnection {
  public readonly name: string;
  public readonly config: McpServerConfig;
  private readonly options: McpConnectionOptions;
  private client: Client | undefined;
  private transport: Transport | undefined;
  private connecting: Promise<Client> | undefined;
  private toolList: Tool[] | undefined;
  private stderrTail = '';
  private status: McpServerState = 'idle';
  private lastError: string | undefined;
  private starts = 0;

  public constructor(name: string, config: McpServerConfig, options: McpConnectionOptions) {
    this.name = name;
    this.config = config;
    this.options = options;
  }

  /** State, tool count, start count and the last error (the SDK's message, never the server's stderr or a header). */
  public describe(): { state: McpServerState; tools: number | null; starts: number; error?: string } {
    return { state: this.status, tools: this.toolList?.length ?? null, starts: this.starts, ...(this.lastError ? { error: this.lastError } : {}) };
  }

  /** The process id of a running stdio server (for diagnostics and tests). */
  public get pid(): number | null {
    const pid = (this.transport as { pid?: unknown } | undefined)?.pid;
    return typeof pid === 'number' ? pid : null;
  }

  /** The server's tools (every page of `tools/list`), read on first use and kept for the process. */
  public async tools(): Promise<Tool[]> {
    if (this.toolList) return this.toolList;
    const client = await this.connect();
    const tools: Tool[] = [];
    let cursor: string | undefined;
    try {
      do {
        const page = await client.listTools(cursor ? { cursor } : undefined, { timeout: this.config.connectTimeoutSeconds * 1000 });
        tools.push(...page.tools);
        cursor = page.nextCursor;
      } while (cursor);
    } catch (error) {
      throw this.fail(error, 'tools/list failed');
    }
    this.toolList = tools;
    return tools;
  }

  /**
   * Calls one tool. A server that exited is started again first; a call the server answers with
   * `isError` comes back as a result; transport failures and timeouts throw {@link McpUnavailableError}.
   */
  public async callTool(tool: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<CallToolResult> {
    const client = await this.connect();
    try {
      const result = await client.callTool({ name: tool, arguments: args }, undefined, {
        timeout: this.config.callTimeoutSeconds * 1000,
        ...(signal ? { signal } : {}),
      });
      return result as CallToolResult;
    } catch (error) {
      throw this.fail(error, `tools/call ${tool} failed`);
    }
  }

  /** Stops the server (stdio: ends the process; HTTP: ends the session). */
  public async stop(): Promise<void> {
    const client = this.client;
    this.status = 'stopped';
    this.client = undefined;
    this.transport = undefined;
    this.connecting = undefined;
    await client?.close().catch(() => undefined);
  }

  private connect(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client);
    if (!this.connecting) {
      const attempt = this.open();
      this.connecting = attempt;
      attempt.then(
        () => {
          if (this.connecting === attempt) this.connecting = undefined;
        },
        () => {
          if (this.connecting === attempt) this.connecting = undefined;
        },
      );
    }
    return this.connecting;
  }

  private async open(): Promise<Client> {
    this.status = 'starting';
    this.starts += 1;
    this.stderrTail = '';
    let transport: Transport;
    let sdk: Sdk;
    try {
      sdk = await loadSdk();
      transport = this.createTransport(sdk);
    } catch (error) {
      this.status = 'failed';
      this.lastError = error instanceof Error ? error.message : String(error);
      throw new McpUnavailableError(this.name, 'mcp_unavailable', this.lastError, { cause: error });
    }
    const client = new sdk.Client(CLIENT_INFO, { capabilities: {} });
    client.onclose = () => {
      // An exit we did not ask for: the next use starts the server again.
      if (this.client === client) {
        this.client = undefined;
        this.transport = undefined;
        this.status = 'exited';
        this.lastError = 'the server closed the connection';
      }
    };
    try {
      await client.connect(transport, { timeout: this.config.connectTimeoutSeconds * 1000 });
    } catch (error) {
      await client.close().catch(() => undefined);
      throw this.fail(error, 'could not start or reach the server');
    }
    this.client = client;
    this.transport = transport;
    this.status = 'ready';
    this.lastError = undefined;
    return client;
  }

  private createTransport(sdk: Sdk): Transport {
    const env = this.options.env ?? process.env;
    const where = (field: string): string => `MCP server ${this.name}: ${field}`;
    if (this.config.transport === 'http') {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(this.config.headers)) headers[name] = expandSecretReferences(where(`headers.${name}`), value, env);
      return new sdk.StreamableHTTPClientTransport(new URL(this.config.url), { requestInit: { headers } });
    }
    const { command, args, cwd } = this.config;
    const serverEnv: Record<string, string> = { ...sdk.getDefaultEnvironment() };
    for (const name of IDENTITY_ENV) if (env[name]) serverEnv[name] = env[name]!;
    for (const [name, value] of Object.entries(this.config.env)) serverEnv[name] = expandSecretReferences(where(`env.${name}`), value, env);
    const transport = new sdk.StdioClientTransport({
      command: command.includes('/') && !isAbsolute(command) ? resolve(this.options.appRoot, command) : command,
      args,
      env: serverEnv,
      cwd: cwd ? resolve(this.options.appRoot, cwd) : this.options.appRoot,
      stderr: 'pipe',
    });
    (transport.stderr as Readable | null)?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
    });
    return transport;
  }

  private lastLine(): string {
    return this.stderrTail.trim().split('\n').slice(-1)[0]?.slice(0, 300) ?? '';
  }

  /** Records a failure and turns it into the error callers see; a broken connection is dropped so the next use reconnects. */
  private fail(error: unknown, what: string): McpUnavailableError {
    const message = error instanceof Error ? error.message : String(error);
    const timedOut = /timed out|timeout/i.test(message) || (error as { code?: unknown })?.code === -32001;
    const code = (error as { code?: unknown })?.code;
    // A JSON-RPC error (negative code) is the server's answer; -32000 is the SDK's "connection
    // closed", and an HTTP status (e.g. 404 for a session the server no longer knows) means the
    // session is gone: both drop the connection so the next call opens a new one.
    const protocol = !timedOut && typeof code === 'number' && code < 0 && code !== -32000 && this.client !== undefined;
    if (!protocol) {
      // The connection is gone or stuck: drop it; the next call starts (or reaches) the server again.
      const client = this.client;
      this.client = undefined;
      this.transport = undefined;
      void client?.close().catch(() => undefined);
      this.status = this.status === 'starting' ? 'failed' : 'exited';
    }
    // Health (anonymous) shows the SDK's message only; the server's stderr goes to the caller, whose results are redacted.
    this.lastError = `${what}: ${message}`;
    const stderr = this.status === 'failed' && this.stderrTail ? ` (stderr: ${this.lastLine()})` : '';
    return new McpUnavailableError(this.name, timedOut ? 'mcp_timeout' : protocol ? 'mcp_protocol_error' : 'mcp_unavailable', `${this.lastError}${stderr}`, { cause: error });
  }
}

export { McpServerConnection, McpUnavailableError };
export type { McpServerState, McpConnectionOptions };
