/**
 * Azure SRE Agent tool names and what they are called here, so a hook matcher written for Azure
 * SRE Agent (`ExecuteKustoQuery`, `mcp_.*`) means something when it is evaluated against this
 * responder's tools. A matcher matches a tool when it matches the tool's own name OR any alias.
 * The table is documented in docs/migrating-from-azure-sre-agent.md; names come from Azure SRE
 * Agent's documentation and public recipes (custom-agent tool lists), never guessed.
 */

/** Built-in tools (shared/tools) and the Azure SRE Agent names that do the same job. */
const AZURE_SRE_TOOL_ALIASES: Readonly<Record<string, readonly string[]>> = {
  // KQL against a Log Analytics workspace / an Application Insights component.
  log_analytics_query: ['QueryLogAnalyticsByWorkspaceId', 'ExecuteKustoQuery'],
  app_insights_query: ['QueryAppInsightsByResourceId', 'ExecuteKustoQuery'],
  list_tables: [],
  describe_table: [],
  metrics_query: [],
  resource_graph_query: [],
  http_probe: [],
  tls_certificate: [],
};

/**
 * Azure SRE Agent tools with no counterpart here, and why. A hook that matches only these never
 * fires; the importer and the startup check say so instead of letting it sit silently.
 */
const AZURE_SRE_TOOLS_WITHOUT_EQUIVALENT: Readonly<Record<string, string>> = {
  Bash: 'this responder runs no shell for the model',
  ExecuteShellCommand: 'this responder runs no shell for the model',
  ExecutePythonCode: 'there is no code interpreter here',
  RunAzCliReadCommands: 'there is no Azure CLI tool here; reads go through the query tools',
  RunAzCliWriteCommands: 'this responder makes no changes to Azure resources',
};

/**
 * The built-in tools an Azure SRE Agent tool name stands for here (`ExecuteKustoQuery` → both
 * query tools), or an empty list when it has no counterpart. Used when an agent's tool list or a
 * workflow template's allow / ask / deny lists become a plan's tools and rules.
 */
function builtInToolsForAzureName(azureName: string): string[] {
  return Object.entries(AZURE_SRE_TOOL_ALIASES)
    .filter(([ours, aliases]) => ours === azureName || aliases.includes(azureName))
    .map(([ours]) => ours);
}

/** Names of the built-in tools, in the order of the alias table. */
const BUILT_IN_TOOL_NAMES: readonly string[] = Object.keys(AZURE_SRE_TOOL_ALIASES);

const OUR_MCP_NAME = /^mcp__(.+?)__(.+)$/;

/**
 * Every other name `toolName` answers to in a hook matcher: the Azure SRE Agent names of a
 * built-in tool, and for an MCP tool `mcp__<server>__<tool>` the Azure forms
 * `mcp_<server>_<tool>` and `<server>/<tool>` (connector tool lists use `conn/*`).
 */
function toolNameAliases(toolName: string): readonly string[] {
  const builtIn = AZURE_SRE_TOOL_ALIASES[toolName];
  if (builtIn) return builtIn;
  const mcp = OUR_MCP_NAME.exec(toolName);
  if (mcp) return [`mcp_${mcp[1]}_${mcp[2]}`, `${mcp[1]}/${mcp[2]}`];
  return [];
}

/** True when the anchored `matcher` matches `toolName` or one of its aliases (`*` matches all, empty none). */
function matcherMatchesTool(matcher: string | undefined, toolName: string): boolean {
  if (matcher === undefined || matcher === '') return false;
  if (matcher === '*') return true;
  const pattern = new RegExp(`^(${matcher})$`);
  return pattern.test(toolName) || toolNameAliases(toolName).some((alias) => pattern.test(alias));
}

/**
 * Why a matcher would never fire here, or `undefined` when it matches a built-in tool (or may
 * match MCP tools, whose names are only known once servers are connected).
 */
function unmatchedToolProblem(matcher: string | undefined): string | undefined {
  if (matcher === undefined || matcher === '' || matcher === '*') return undefined;
  if (BUILT_IN_TOOL_NAMES.some((name) => matcherMatchesTool(matcher, name))) return undefined;
  const pattern = new RegExp(`^(${matcher})$`);
  // Written for connector tools (`mcp_...`, `conn/...`): their names are known once servers connect.
  if (/mcp|\//.test(matcher) || ['mcp__server__tool', 'mcp_server_tool', 'server/tool'].some((sample) => pattern.test(sample))) return undefined;
  const named = matcher.split('|').filter((part) => part in AZURE_SRE_TOOLS_WITHOUT_EQUIVALENT);
  const why = named.map((name) => `${name}: ${AZURE_SRE_TOOLS_WITHOUT_EQUIVALENT[name]}`).join('; ');
  return `matcher '${matcher}' matches no built-in tool (${BUILT_IN_TOOL_NAMES.join(', ')}) under its name or an Azure SRE Agent alias${why ? ` (${why})` : ''}; it fires only for an MCP tool whose name mcp__<server>__<tool> (or mcp_<server>_<tool>, <server>/<tool>) it matches`;
}

export { AZURE_SRE_TOOL_ALIASES, AZURE_SRE_TOOLS_WITHOUT_EQUIVALENT, BUILT_IN_TOOL_NAMES, builtInToolsForAzureName, toolNameAliases, matcherMatchesTool, unmatchedToolProblem };
