import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runToolCall } from '../../../shared/investigation/runToolCall';
import type { RunToolInput } from '../../../shared/investigation/investigationSchemas';
import { parseMcpConfig } from '../../../shared/mcp/mcpConfig';
import { McpRegistry, mcpRegistry, stopMcpServers } from '../../../shared/mcp/mcpRegistry';
import { offeredTools } from '../../../shared/investigation/offeredTools';
import { findTool } from '../../../shared/investigation/toolRegistry';
import { mcpToolDefinition } from '../../../shared/mcp/mcpTool';
import { repoRoot } from '../../helpers/devhostProcess';
import { AZMCP, EVERYTHING, startHttpEverything, type HttpEverything } from '../../helpers/mcpServers';

/** Tests against MCP servers nobody here wrote: the Azure MCP Server binary and the MCP reference server. */

const now = () => new Date();

function registryFor(yaml: string): McpRegistry {
  return new McpRegistry(parseMcpConfig('test-mcp.yaml', yaml), { appRoot: repoRoot, env: process.env });
}

describe('the Azure MCP Server (npm @azure/mcp) over stdio', () => {
  const registry = registryFor(`servers:
  azure:
    enabled: true
    transport: stdio
    command: ${AZMCP}
    args: [server, start, --namespace, monitor]
    env: { AZURE_MCP_COLLECT_TELEMETRY: "false" }
    connectTimeoutSeconds: 120
`);
  afterAll(() => registry.stop());

  it('initializes and lists its tools without credentials, namespaced, with read-only only where annotated', async () => {
    // Act
    const { tools, gaps } = await registry.listTools();

    // Assess
    expect(gaps).toEqual([]);
    const names = tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['mcp__azure__monitor', 'mcp__azure__group_list', 'mcp__azure__subscription_list']));
    expect(names).toEqual([...names].sort());
    // group_list says readOnlyHint: true; the monitor router has no such annotation, so it is a write
    expect(tools.find((t) => t.name === 'mcp__azure__group_list')?.readOnly).toBe(true);
    expect(tools.find((t) => t.name === 'mcp__azure__monitor')?.readOnly).toBe(false);
    expect(tools.find((t) => t.name === 'mcp__azure__monitor')?.inputSchema).toMatchObject({ type: 'object', required: ['intent'] });
    expect(registry.health().azure).toMatchObject({ state: 'ready', tools: tools.length, starts: 1 });
  });

  it('answers a call made without Azure credentials with a tool error the model can read', async () => {
    // Prepare
    const spec = (await registry.spec('mcp__azure__group_list'))!;

    // Act
    const result = await mcpToolDefinition(spec, registry).execute({ subscription: '00000000-0000-0000-0000-000000000000' }, { now });

    // Assess
    expect(result.status).toBe('error');
    expect(result.error?.code).toBe('mcp_tool_error');
    expect(result.error?.message).toMatch(/azure\/group_list answered with an error: .*(Authentication|credential)/is);
    expect(result.invocation).toBe('mcp:azure/group_list(subscription=00000000-0000-0000-0000-000000000000)');
    expect(registry.health().azure).toMatchObject({ state: 'ready', starts: 1 });
  });
});

describe('mcp-server-everything over stdio', () => {
  const registry = registryFor(`servers:
  everything:
    enabled: true
    transport: stdio
    command: ${process.execPath}
    args: [${EVERYTHING}, stdio]
    tools: [echo, get-sum, trigger-long-running-operation, get-structured-content]
`);
  afterAll(() => registry.stop());

  it('lists only the allowed tools and calls them, structured content becoming data', async () => {
    // Act
    const { tools } = await registry.listTools();
    const sum = await mcpToolDefinition((await registry.spec('mcp__everything__get-sum'))!, registry).execute({ a: 2, b: 40 }, { now });
    const weather = await mcpToolDefinition((await registry.spec('mcp__everything__get-structured-content'))!, registry).execute({ location: 'New York' }, { now });

    // Assess
    expect(tools.map((t) => t.name)).toEqual(['mcp__everything__echo', 'mcp__everything__get-structured-content', 'mcp__everything__get-sum', 'mcp__everything__trigger-long-running-operation']);
    expect(sum.status).toBe('success');
    expect(JSON.stringify(sum.data)).toContain('42');
    expect(weather.status).toBe('success');
    expect(weather.data).toMatchObject({ temperature: expect.any(Number), conditions: expect.any(String) });
  });

  it('turns a server killed mid-call into a tool error, then starts it again on the next call', async () => {
    // Prepare
    const long = mcpToolDefinition((await registry.spec('mcp__everything__trigger-long-running-operation'))!, registry);
    const echo = mcpToolDefinition((await registry.spec('mcp__everything__echo'))!, registry);
    await echo.execute({ message: 'warm' }, { now });
    const connection = registry.connection('everything')!;
    const firstPid = connection.pid!;
    const starts = connection.describe().starts;

    // Act: kill the server while a 10-second operation runs, then call again
    const pending = long.execute({ duration: 10, steps: 5 }, { now });
    await new Promise((r) => setTimeout(r, 500));
    process.kill(firstPid, 'SIGKILL');
    const interrupted = await pending;
    const after = await echo.execute({ message: 'back again' }, { now });

    // Assess
    expect(interrupted.status).toBe('error');
    expect(interrupted.error?.code).toBe('mcp_unavailable');
    expect(interrupted.error?.message).toMatch(/started again on the next call/);
    expect(after.status).toBe('success');
    expect(JSON.stringify(after.data)).toContain('back again');
    expect(connection.pid).not.toBe(firstPid);
    expect(connection.describe()).toMatchObject({ state: 'ready', starts: starts + 1 });
  });
});

describe('mcp-server-everything over streamable HTTP', () => {
  let server: HttpEverything;
  let registry: McpRegistry;
  beforeAll(async () => {
    server = await startHttpEverything();
    registry = registryFor(`servers:
  remote:
    enabled: true
    transport: http
    url: ${server.url}
    headers: { X-Trace: "\${env:MCP_TEST_TRACE}" }
    tools: [echo, get-sum]
`);
    process.env.MCP_TEST_TRACE = 'trace-1';
  });
  afterAll(async () => {
    await registry?.stop();
    await server?.stop();
  });

  it('lists and calls tools, and reaches the server again after it was restarted', async () => {
    // Act
    const { tools } = await registry.listTools();
    const echo = mcpToolDefinition((await registry.spec('mcp__remote__echo'))!, registry);
    const before = await echo.execute({ message: 'over http' }, { now });
    await server.stop();
    const whileDown = await echo.execute({ message: 'nobody home' }, { now });
    server = await startHttpEverything(server.port);
    const afterRestart = await echo.execute({ message: 'over http again' }, { now });
    // A restart between two calls: the server no longer knows the session (HTTP 404)
    await server.stop();
    server = await startHttpEverything(server.port);
    const staleSession = await echo.execute({ message: 'stale session' }, { now });
    const newSession = await echo.execute({ message: 'new session' }, { now });

    // Assess
    expect(tools.map((t) => t.name)).toEqual(['mcp__remote__echo', 'mcp__remote__get-sum']);
    expect(before.status).toBe('success');
    expect(JSON.stringify(before.data)).toContain('over http');
    expect(whileDown.status).toBe('error');
    expect(whileDown.error?.code).toBe('mcp_unavailable');
    expect(afterRestart.status).toBe('success');
    expect(JSON.stringify(afterRestart.data)).toContain('over http again');
    expect(staleSession.status).toBe('error');
    expect(staleSession.error?.code).toBe('mcp_unavailable');
    expect(newSession.status).toBe('success');
    expect(JSON.stringify(newSession.data)).toContain('new session');
    expect(registry.health().remote).toMatchObject({ transport: 'http', state: 'ready' });
  });
});

describe('an MCP tool through the governed tool path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-run-'));
  const configFile = join(dir, 'mcp.yaml');
  writeFileSync(configFile, `servers:\n  everything:\n    enabled: true\n    transport: stdio\n    command: ${process.execPath}\n    args: [${EVERYTHING}, stdio]\n`);
  const rulesFile = join(dir, 'rules.yaml');
  writeFileSync(rulesFile, 'rules:\n  - deny: mcp__everything__*(* delete *)\n    reason: deletions are never automated\n');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AzureWebJobsStorage: process.env.TEST_STORAGE_CONNECTION_STRING!,
    MCP_CONFIG_FILE: configFile,
    GOVERNANCE_RULES_FILE: rulesFile,
    TOOL_RESULT_INLINE_MAX_CHARS: '2000',
  };
  afterAll(() => stopMcpServers());

  const input = (callId: string, tool: string, args: Record<string, unknown>): RunToolInput => ({
    schemaVersion: 1,
    investigationId: `inv-mcp-${dir.slice(-6).toLowerCase()}`,
    hypothesisId: 'h1',
    callId,
    tool,
    arguments: args,
    allowedTools: ['mcp__everything__echo', 'read_result'],
    now: new Date().toISOString(),
    planId: 'default',
    planRules: [],
    mode: 'review',
    turn: 1,
    maxTurns: 4,
    action: false,
  });

  it('stores a long result, summarises it and pages it back with read_result', async () => {
    // Prepare: 8,000 characters, well past the 2,000-character inline limit
    const message = Array.from({ length: 900 }, (_, i) => `line${String(i).padStart(4, '0')}`).join(' ');

    // Act
    const first = await runToolCall(input('call-long', 'mcp__everything__echo', { message }), env);
    const page = await runToolCall(input('call-page', 'read_result', { callId: 'call-long', offset: 4000, limit: 1000 }), env);

    // Assess
    expect(first.approval).toBeUndefined();
    expect(first.record.result.status).toBe('success');
    expect(first.record.result.summary).toMatch(/stored \(\d+ bytes\), summarised here: read rows with read_result/);
    expect(JSON.stringify(first.record.result.data).length).toBeLessThan(2000);
    expect(page.record.result.status).toBe('success');
    const data = page.record.result.data as { text: string; totalChars: number; nextOffset: number | null };
    expect(data.text).toHaveLength(1000);
    expect(data.totalChars).toBeGreaterThan(8000);
    expect(data.text).toMatch(/line\d{4}/);
    expect(data.nextOffset).toBe(5000);
  });

  it('asks for approval before a tool annotated readOnlyHint: false (review mode)', async () => {
    // Act
    const output = await runToolCall({ ...input('call-toggle', 'mcp__everything__toggle-simulated-logging', {}), allowedTools: ['mcp__everything__toggle-simulated-logging'] }, env);

    // Assess
    expect(output.approval).toMatchObject({ invocation: 'mcp:everything/toggle-simulated-logging()', reason: expect.stringMatching(/write tool with no matching rule, review mode/) });
    expect(output.record.result.error?.code).toBe('approval_required');
  });

  it('denies a call whose full arguments match a deny rule written with the mcp__ spelling, even for a read-only tool', async () => {
    // Act
    const output = await runToolCall(input('call-delete', 'mcp__everything__echo', { message: 'now az group delete -n rg-prod' }), env);

    // Assess
    expect(output.approval).toBeUndefined();
    expect(output.record.result.error?.code).toBe('denied_by_policy');
    expect(output.record.result.error?.message).toContain('deletions are never automated');
  });
});

describe('a server that cannot be started', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-broken-'));
  const configFile = join(dir, 'mcp.yaml');
  writeFileSync(configFile, `servers:\n  broken:\n    enabled: true\n    transport: stdio\n    command: ${join(dir, 'no-such-server')}\n    connectTimeoutSeconds: 10\n  idle:\n    enabled: false\n    transport: http\n    url: https://mcp.example.com/mcp\n`);
  const env: NodeJS.ProcessEnv = { ...process.env, AzureWebJobsStorage: process.env.TEST_STORAGE_CONNECTION_STRING!, MCP_CONFIG_FILE: configFile };
  afterAll(() => stopMcpServers());

  it('is a gap in the tool list and an error the model reads, never an exception', async () => {
    // Prepare
    const registry = await mcpRegistry(env);

    // Act
    const listing = await registry.listTools();
    const offered = await offeredTools(['app_insights_query', 'mcp__broken__*'], new Map([['app_insights_query', {}]]), env);
    const lookup = await findTool('mcp__broken__anything', env);

    // Assess
    expect(listing.tools).toEqual([]);
    expect(listing.gaps).toEqual([expect.stringMatching(/^MCP server broken is unavailable, its tools were not offered: .*could not start or reach the server/)]);
    expect(offered.tools).toEqual(['app_insights_query']);
    expect(offered.gaps).toEqual(expect.arrayContaining([expect.stringMatching(/^MCP server broken is unavailable/), 'tool mcp__broken__* is allowed by the plan but no enabled MCP server offers it here']));
    expect(lookup).toMatchObject({ code: 'mcp_unavailable', message: expect.stringContaining('use other tools') });
    expect(registry.health()).toEqual({ broken: expect.objectContaining({ transport: 'stdio', state: 'failed', tools: null }), idle: { transport: 'http', state: 'disabled' } });
  });
});
