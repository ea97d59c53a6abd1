/** A tool as governance sees it. */
interface GovernedTool {
  /** The tool's name as the model calls it, e.g. `log_analytics_query` or `mcp__datadog__query_metrics`. */
  name: string;
  /** True when the tool cannot change anything: allowed by default. Writes are asked by default. */
  readOnly: boolean;
  /** For tools served by an MCP connector: its name and the server's own tool name. */
  mcp?: { connector: string; tool: string };
}

/** The canonical form rules match against; `args` is undefined when the arguments cannot be normalised. */
interface CanonicalInvocation {
  name: string;
  args: string | undefined;
  /** Why `args` could not be normalised (a shell operator, an unbalanced quote). */
  problem?: string;
  /** `name(args)`, or `name(<unevaluable>)`. */
  text: string;
}

/**
 * The canonical tool name: `mcp:<connector>/<tool>` for MCP tools (also recognised from the
 * `mcp__<connector>__<tool>` naming), the plain name otherwise.
 */
function canonicalToolName(tool: GovernedTool): string {
  if (tool.mcp) return `mcp:${tool.mcp.connector}/${tool.mcp.tool}`;
  const mcpName = /^mcp__([^_]+(?:_[^_]+)*)__(.+)$/.exec(tool.name);
  return mcpName ? `mcp:${mcpName[1]}/${mcpName[2]}` : tool.name;
}

/**
 * Splits a command line into words the way a POSIX shell would (quotes removed, runs of
 * whitespace collapsed), so `az  group "delete"` and `az group delete` are the same invocation.
 * Refuses what a rule cannot reason about: shell operators, substitutions, redirections and
 * unbalanced quotes outside single quotes (`a; az group delete` must not pass `allow: a *`).
 */
function tokenizeCommand(command: string): { words: string[] } | { problem: string } {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i]!;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else current += ch;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '`' || (ch === '$' && command[i + 1] === '(')) return { problem: 'command substitution inside double quotes' };
      else if (ch === '\\' && i + 1 < command.length) current += command[++i];
      else current += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
      continue;
    }
    if (/\s/.test(ch)) {
      if (ch === '\n' || ch === '\r') return { problem: 'a newline separates commands' };
      if (inWord) words.push(current);
      current = '';
      inWord = false;
      continue;
    }
    if (';&|<>`'.includes(ch) || (ch === '$' && command[i + 1] === '(')) return { problem: `shell operator '${ch === '$' ? '$(' : ch}' outside quotes` };
    if (ch === '\\' && i + 1 < command.length) {
      current += command[++i];
      inWord = true;
      continue;
    }
    current += ch;
    inWord = true;
  }
  if (quote) return { problem: `unbalanced ${quote} quote` };
  if (inWord) words.push(current);
  return { words };
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${sortedJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Normalises a call for rule matching. A `command` argument (CLI tools) becomes its words joined
 * by single spaces; other arguments become `key=value` pairs sorted by key, strings with their
 * whitespace collapsed and everything else as sorted JSON.
 *
 * @example
 * canonicalInvocation({ name: 'azure_cli', readOnly: false }, { command: 'az  group delete -n "rg 1"' }).text
 * // 'azure_cli(az group delete -n rg 1)'
 */
function canonicalInvocation(tool: GovernedTool, args: unknown): CanonicalInvocation {
  const name = canonicalToolName(tool);
  const done = (canonicalArgs: string | undefined, problem?: string): CanonicalInvocation => ({
    name,
    args: canonicalArgs,
    ...(problem ? { problem } : {}),
    text: `${name}(${canonicalArgs ?? '<unevaluable>'})`,
  });
  if (args === undefined || args === null) return done('');
  if (typeof args !== 'object' || Array.isArray(args)) return done(undefined, 'arguments are not an object');
  const record = args as Record<string, unknown>;
  if (typeof record.command === 'string') {
    const tokens = tokenizeCommand(record.command);
    if ('problem' in tokens) return done(undefined, tokens.problem);
    const rest = Object.keys(record).filter((key) => key !== 'command');
    const extra = rest.length > 0 ? ` ${pairs(record, rest)}` : '';
    return done(`${tokens.words.join(' ')}${extra}`);
  }
  return done(pairs(record, Object.keys(record)));
}

function pairs(record: Record<string, unknown>, keys: string[]): string {
  return [...keys]
    .sort()
    .map((key) => {
      const value = record[key];
      return `${key}=${typeof value === 'string' ? collapse(value) : sortedJson(value)}`;
    })
    .join(' ');
}

export { canonicalInvocation, canonicalToolName, tokenizeCommand };
export type { GovernedTool, CanonicalInvocation };
