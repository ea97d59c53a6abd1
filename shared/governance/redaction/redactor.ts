import { BUILT_IN_SECRET_PATTERNS, type SecretPattern } from './secretPatterns';

/** Literal secrets shorter than this are not redacted: a 3-letter value would shred every text. */
const MIN_LITERAL_LENGTH = 6;

/** Object keys whose string values are secret whatever they look like. */
const SECRET_KEY = /^(?:.*[_-])?(?:password|passwd|pwd|secret|client_?secret|api_?key|apikey|access_?key|account_?key|token|access_?token|refresh_?token|auth_?token|sas|sas_?token|connection_?string|private_?key|authorization|x-api-key|x-functions-key|ocp-apim-subscription-key|cookie|set-cookie|routing_?key|integration_?key)$/i;

/** Options of {@link createRedactor}. */
interface RedactorOptions {
  /** Exact secret values (settings marked `secret: true`, configured literals). */
  literals?: ReadonlyArray<string | undefined>;
  /** Extra regex sources (no flags), e.g. an internal token format. */
  patterns?: ReadonlyArray<string>;
  /** Replace the built-in list (tests); the built-ins are used by default. */
  builtIns?: ReadonlyArray<SecretPattern>;
}

/** Removes secrets from text and values before they leave the process. */
interface Redactor {
  /** The text with every secret replaced by `[REDACTED:<kind>]`. One regex pass. */
  redactText(text: string): string;
  /**
   * A deep copy of `value` with every string redacted, and every string under a secret-looking
   * key (`password`, `apiKey`, `connectionString`, ...) replaced whole. Cycles become `[Circular]`.
   */
  redactDeep<T>(value: T): T;
  /** How many literal secrets and patterns are active (for the configuration-load audit record). */
  readonly size: { literals: number; patterns: number };
}

function escapeRegex(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Builds a redactor. Every pattern and literal is compiled once into a single alternation, so
 * redacting a tool result costs one scan of its text however many secrets are configured.
 *
 * @example
 * const redactor = createRedactor({ literals: [process.env.PAGERDUTY_API_TOKEN] });
 * redactor.redactText('Authorization: Bearer abc...'); // 'Authorization: Bearer [REDACTED:bearer-token]'
 */
function createRedactor(options: RedactorOptions = {}): Redactor {
  const literals = [...new Set((options.literals ?? []).filter((v): v is string => typeof v === 'string' && v.length >= MIN_LITERAL_LENGTH))]
    // Longest first, so a secret that contains another is replaced whole.
    .sort((a, b) => b.length - a.length);
  const kinds: string[] = [];
  const branches: string[] = [];
  if (literals.length > 0) {
    kinds.push('configured-secret');
    branches.push(literals.map(escapeRegex).join('|'));
  }
  for (const custom of options.patterns ?? []) {
    new RegExp(custom); // throws a SyntaxError naming the bad pattern at startup
    kinds.push('configured-pattern');
    branches.push(custom);
  }
  for (const builtIn of options.builtIns ?? BUILT_IN_SECRET_PATTERNS) {
    kinds.push(builtIn.kind);
    branches.push(builtIn.pattern);
  }
  // One capture group per branch tells which kind matched; branches themselves use only
  // non-capturing groups and lookarounds, so group i+1 is branch i.
  const combined = branches.length > 0 ? new RegExp(branches.map((b) => `(${b})`).join('|'), 'gi') : undefined;

  function redactText(text: string): string {
    if (!combined || text.length === 0) return text;
    return text.replace(combined, (...args: unknown[]) => {
      for (let i = 0; i < kinds.length; i++) {
        if (args[i + 1] !== undefined) return `[REDACTED:${kinds[i]}]`;
      }
      return '[REDACTED]';
    });
  }

  function walk(value: unknown, seen: WeakSet<object>, secretKey: boolean): unknown {
    if (typeof value === 'string') return secretKey && value.length > 0 && !isReference(value) ? '[REDACTED:secret-field]' : redactText(value);
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return '[Circular]';
    seen.add(value);
    try {
      if (Array.isArray(value)) return value.map((item) => walk(item, seen, secretKey));
      if (value instanceof Date) return value;
      if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
      if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return '[binary]';
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        out[redactText(key)] = walk(item, seen, SECRET_KEY.test(key));
      }
      return out;
    } finally {
      seen.delete(value);
    }
  }

  return {
    redactText,
    redactDeep: <T>(value: T): T => walk(value, new WeakSet(), false) as T,
    size: { literals: literals.length, patterns: branches.length - (literals.length > 0 ? 1 : 0) },
  };
}

/** `${env:NAME}` and Key Vault references name a secret without holding it: keep them readable. */
function isReference(value: string): boolean {
  return /^\$\{env:[A-Za-z_][A-Za-z0-9_]*\}$/.test(value) || /^@Microsoft\.KeyVault\(.+\)$/.test(value);
}

export { createRedactor, MIN_LITERAL_LENGTH };
export type { Redactor, RedactorOptions };
