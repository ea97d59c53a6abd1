/**
 * A .funcignore matcher for the gitignore subset the file uses: comments, blank lines, a leading
 * `/` (anchored to the root), a trailing `/` (directories only), and the `*`, `**` and `?`
 * wildcards. Anything else (negation, character classes, escapes) is rejected, so the tests never
 * judge a rule they would misread.
 */

/** One parsed ignore line. */
interface IgnoreRule {
  anchored: boolean;
  directoryOnly: boolean;
  pattern: RegExp;
  source: string;
}

function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i += 1) {
    const ch = glob[i]!;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        out += '.*';
        i += 1;
        if (glob[i + 1] === '/') i += 1;
      } else {
        out += '[^/]*';
      }
    } else if (ch === '?') {
      out += '[^/]';
    } else {
      out += ch.replace(/[.+^${}()|\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${out}$`);
}

/** Parses ignore-file text; throws on syntax outside the supported subset. */
function parseIgnoreRules(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (/[[\]\\!]/.test(line)) throw new Error(`unsupported ignore syntax: ${line}`);
    let body = line;
    const directoryOnly = body.endsWith('/');
    if (directoryOnly) body = body.slice(0, -1);
    const anchored = body.startsWith('/') || body.includes('/');
    if (body.startsWith('/')) body = body.slice(1);
    rules.push({ anchored, directoryOnly, pattern: globToRegExp(body), source: line });
  }
  return rules;
}

/** True when `path` (relative, `/`-separated, a file) is left out by the rules. */
function isIgnored(rules: IgnoreRule[], path: string): boolean {
  const parts = path.split('/');
  return rules.some((rule) =>
    parts.some((_, index) => {
      const isFile = index === parts.length - 1;
      if (rule.directoryOnly && isFile) return false;
      const candidate = rule.anchored ? parts.slice(0, index + 1).join('/') : parts[index]!;
      return rule.pattern.test(candidate);
    }),
  );
}

export { parseIgnoreRules, isIgnored };
export type { IgnoreRule };
