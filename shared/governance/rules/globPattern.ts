/**
 * Compiles a rule glob to an anchored regular expression: `*` matches any run of characters
 * (spaces included), `?` exactly one, everything else itself. A trailing ` *` also matches the
 * end of the text, so `az * delete *` matches `az group delete` as well as `az group delete -n x`.
 */
function globToRegExp(glob: string): RegExp {
  let source = '';
  const trailingWildWord = glob.endsWith(' *');
  const body = trailingWildWord ? glob.slice(0, -2) : glob;
  for (const ch of body) {
    if (ch === '*') source += '[\\s\\S]*';
    else if (ch === '?') source += '[\\s\\S]';
    else source += ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  if (trailingWildWord) source += '(?: [\\s\\S]*)?';
  return new RegExp(`^${source}$`);
}

/** A rule pattern split into its tool glob and optional argument glob. */
interface ParsedRulePattern {
  tool: RegExp;
  /** Undefined for `tool` and `tool(*)`: the rule applies whatever the arguments. */
  args: RegExp | undefined;
}

/** Splits `tool(args)` and compiles both globs. */
function parseRulePattern(pattern: string): ParsedRulePattern {
  const open = pattern.indexOf('(');
  if (open === -1) return { tool: globToRegExp(pattern.trim()), args: undefined };
  if (!pattern.endsWith(')')) throw new SyntaxError(`rule pattern '${pattern}' opens '(' without closing it at the end`);
  const toolGlob = pattern.slice(0, open).trim();
  const argGlob = pattern.slice(open + 1, -1).replace(/\s+/g, ' ').trim();
  return { tool: globToRegExp(toolGlob), args: argGlob === '*' || argGlob === '' ? undefined : globToRegExp(argGlob) };
}

export { globToRegExp, parseRulePattern };
export type { ParsedRulePattern };
