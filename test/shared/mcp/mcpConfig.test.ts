import { decideToolUse, type RuleSet } from '../../../shared/governance';
import { toAnthropicTool } from '../../../shared/llm/modelTool';
import { parseMcpConfig } from '../../../shared/mcp/mcpConfig';
import { mcpArgumentsSchema } from '../../../shared/mcp/mcpTool';
import { planSchema } from '../../../shared/plans/planSchema';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/devhostProcess';

function rules(list: RuleSet['rules']): RuleSet[] {
  return [{ scope: 'global', source: 'rules.yaml', rules: list }];
}

describe('config/mcp.yaml', () => {
  it('ships both examples disabled, so the demo starts no server', () => {
    // Act
    const config = parseMcpConfig('config/mcp.yaml', readFileSync(join(repoRoot, 'config', 'mcp.yaml'), 'utf8'));

    // Assess
    expect(Object.keys(config.servers).sort()).toEqual(['azure', 'remote']);
    expect(Object.values(config.servers).map((s) => s.enabled)).toEqual([false, false]);
    expect(config.servers.azure).toMatchObject({ transport: 'stdio', env: { AZURE_MCP_COLLECT_TELEMETRY: 'false' } });
    expect(config.servers.azure!.transport === 'stdio' && config.servers.azure!.args).toEqual(expect.arrayContaining(['--read-only', 'monitor', 'resourcehealth']));
    expect(config.servers.remote).toMatchObject({ transport: 'http', headers: { Authorization: 'Bearer ${env:REMOTE_MCP_TOKEN}' } });
  });

  it.each([
    ['servers:\n  azure:\n    transport: stdio\n    command: azmcp\n    timeout: 5\n', 'mcp.yaml:3', /servers\.azure: Unrecognized key: "timeout"/],
    ['servers:\n  remote:\n    transport: http\n    url: http://mcp.example.com/mcp\n', 'mcp.yaml:4', /servers\.remote\.url: must be https/],
    ['servers:\n  Bad_Name:\n    transport: stdio\n    command: x\n', 'mcp.yaml:3', /servers\.Bad_Name: Invalid key/],
    ['servers:\n  remote:\n    transport: http\n    url: https://mcp.example.com/mcp\n    headers:\n      api_key: abcdefgh12345678\n', 'mcp.yaml:6', /headers\.api_key: field 'api_key' holds a literal value/],
    ['servers:\n  azure:\n    transport: smoke-signals\n', 'mcp.yaml:3', /servers\.azure\.transport/],
  ])('refuses %j naming the file, line and field', (text, where, message) => {
    // Act
    const attempt = (): unknown => parseMcpConfig('mcp.yaml', text);

    // Assess
    expect(attempt).toThrow(where);
    expect(attempt).toThrow(message);
  });
});

describe('MCP tools under the permission rules', () => {
  const azureMonitor = { name: 'mcp__azure__monitor_workspace_log_query', readOnly: true, mcp: { connector: 'azure', tool: 'monitor_workspace_log_query' } };
  const azureCli = { name: 'mcp__azure__extension_az', readOnly: false, mcp: { connector: 'azure', tool: 'extension_az' } };

  it('matches rules written as mcp__<server>__* as well as mcp:<server>/*, against the full arguments', () => {
    // Prepare
    const set = rules([{ effect: 'deny', pattern: 'mcp__azure__*(* delete *)', reason: 'no deletions' }]);
    const colon = rules([{ effect: 'deny', pattern: 'mcp:azure/*(* delete *)' }]);

    // Act
    const viaCli = decideToolUse({ tool: azureCli, args: { command: 'az  group "delete" -n rg-prod --yes' }, rules: set, mode: 'autonomous' });
    const viaColon = decideToolUse({ tool: azureCli, args: { command: 'az group delete -n rg-prod' }, rules: colon, mode: 'autonomous' });
    const inArguments = decideToolUse({ tool: azureMonitor, args: { workspace: 'w1', query: 'AzureActivity | take 1 | invoke delete rows' }, rules: set, mode: 'autonomous' });
    const harmless = decideToolUse({ tool: azureCli, args: { command: 'az webapp show -n shop' }, rules: set, mode: 'autonomous' });

    // Assess
    expect(viaCli).toMatchObject({ decision: 'deny', canonical: 'mcp:azure/extension_az(az group delete -n rg-prod --yes)' });
    expect(viaCli.reason).toContain('no deletions');
    expect(viaColon.decision).toBe('deny');
    expect(inArguments).toMatchObject({ decision: 'deny', canonical: 'mcp:azure/monitor_workspace_log_query(query=AzureActivity | take 1 | invoke delete rows workspace=w1)' });
    expect(harmless.decision).toBe('allow');
  });

  it('asks before an unannotated MCP tool in review mode and lets a read-only one run', () => {
    expect(decideToolUse({ tool: azureCli, args: { command: 'az webapp restart -n shop' }, rules: [], mode: 'review' }).decision).toBe('ask');
    expect(decideToolUse({ tool: azureMonitor, args: { query: 'AppRequests' }, rules: [], mode: 'review' }).decision).toBe('allow');
  });
});

describe('MCP tools in plans and prompts', () => {
  const base = { id: 'p', title: 'P', hypotheses: [{ id: 'h', title: 'H', guidance: 'g', rootCauseCategory: 'bad_deployment' }] };

  it('accepts MCP names and wildcards in allowedTools, and checks that use a tool a wildcard allows', () => {
    // Act
    const plan = planSchema.safeParse({
      ...base,
      allowedTools: ['app_insights_query', 'mcp__azure__*'],
      hypotheses: [{ ...base.hypotheses[0], checks: [{ id: 'health', tool: 'mcp__azure__resourcehealth_availability-status_get', arguments: {} }], verdictRules: [{ when: 'true', verdict: 'inconclusive', confidence: 0.1, summary: 's' }] }],
    });
    const outside = planSchema.safeParse({
      ...base,
      allowedTools: ['mcp__azure__monitor_*'],
      hypotheses: [{ ...base.hypotheses[0], checks: [{ id: 'health', tool: 'mcp__remote__search', arguments: {} }], verdictRules: [{ when: 'true', verdict: 'inconclusive', confidence: 0.1, summary: 's' }] }],
    });

    // Assess
    expect(plan.success).toBe(true);
    expect(outside.success).toBe(false);
    expect(outside.error?.issues[0]).toMatchObject({ path: ['hypotheses', 0, 'checks', 0, 'tool'], message: "tool 'mcp__remote__search' is not in allowedTools" });
  });

  it('passes the server\'s JSON Schema to the model unchanged but for key order and $schema', () => {
    // Act
    const tool = toAnthropicTool({
      name: 'mcp__azure__group_list',
      description: 'List resource groups',
      parameters: mcpArgumentsSchema,
      inputSchema: { type: 'object', required: ['subscription'], properties: { subscription: { type: 'string' } }, $schema: 'http://json-schema.org/draft-07/schema#' },
    });

    // Assess
    expect(tool.input_schema).toEqual({ properties: { subscription: { type: 'string' } }, required: ['subscription'], type: 'object' });
    expect(JSON.stringify(tool.input_schema)).toBe('{"properties":{"subscription":{"type":"string"}},"required":["subscription"],"type":"object"}');
  });
});
