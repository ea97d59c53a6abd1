/**
 * Azure Functions route templates (ASP.NET style): literal segments, `{name}`, `{name?}`,
 * `{name:int}` (constraints int, long, double, bool, alpha, guid) and a final `{*rest}`.
 */
interface CompiledRoute {
  template: string;
  /** Higher wins when two routes match the same path: literals beat parameters beat catch-alls. */
  precedence: number;
  match(path: string): Record<string, string> | undefined;
}

type Segment =
  | { kind: 'literal'; text: string }
  | { kind: 'param'; name: string; optional: boolean; constraint?: string; catchAll: boolean };

const CONSTRAINTS: Record<string, RegExp> = {
  int: /^-?\d+$/,
  long: /^-?\d+$/,
  double: /^-?\d+(\.\d+)?$/,
  bool: /^(true|false)$/i,
  alpha: /^[a-z]+$/i,
  guid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
};

function parseSegment(raw: string, template: string): Segment {
  const param = /^\{(\*)?([A-Za-z_][A-Za-z0-9_]*)(?::([a-z]+))?(\?)?\}$/.exec(raw);
  if (!param) {
    if (raw.includes('{') || raw.includes('}')) throw new Error(`route "${template}": unsupported segment "${raw}"`);
    return { kind: 'literal', text: raw.toLowerCase() };
  }
  const [, star, name, constraint, optional] = param;
  if (constraint && !CONSTRAINTS[constraint]) throw new Error(`route "${template}": unsupported constraint "${constraint}"`);
  return { kind: 'param', name: name!, optional: Boolean(optional), constraint, catchAll: Boolean(star) };
}

/** Compiles a template such as `investigations/{id}/report` (without the `api/` prefix). */
function compileRoute(template: string): CompiledRoute {
  const segments = template
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => parseSegment(s, template));
  const precedence = segments.reduce((score, s) => score * 3 + (s.kind === 'literal' ? 2 : s.catchAll ? 0 : 1), 1);
  return {
    template,
    precedence,
    match(path: string) {
      const parts = path.split('/').filter((s) => s.length > 0);
      const params: Record<string, string> = {};
      for (let i = 0; i < segments.length; i++) {
        const segment = segments[i]!;
        const part = parts[i];
        if (segment.kind === 'literal') {
          if (part === undefined || part.toLowerCase() !== segment.text) return undefined;
          continue;
        }
        if (segment.catchAll) {
          const rest = parts.slice(i).map(decodeURIComponent).join('/');
          if (rest) params[segment.name] = rest;
          return params;
        }
        if (part === undefined) {
          if (!segment.optional) return undefined;
          continue;
        }
        const value = decodeURIComponent(part);
        if (segment.constraint && !CONSTRAINTS[segment.constraint]!.test(value)) return undefined;
        params[segment.name] = value;
      }
      return parts.length <= segments.length ? params : undefined;
    },
  };
}

/**
 * True when every `%` of the path starts a valid escape and the escapes decode to UTF-8; route
 * matching decodes each segment and a malformed one (`%zz`, `%E2%82`) cannot be.
 */
function isWellEncodedPath(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

export { compileRoute, isWellEncodedPath };
export type { CompiledRoute };
