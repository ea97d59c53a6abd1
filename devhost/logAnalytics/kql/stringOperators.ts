/**
 * KQL's string predicates (`has`, `contains`, `startswith`, `=~`, `matches regex`, ...), with
 * the documented case rules: the plain forms are case-insensitive, `_cs` forms and `==` are not,
 * and `has` matches whole terms rather than substrings.
 */
import type { KustoScalarType } from '../../../shared/kql';
import { KqlUnsupportedError } from './kqlErrors';
import { regexWithFlags } from './regexFlags';
import { kqlToString, type KqlValue } from './kqlValues';

interface Operand {
  type: KustoScalarType;
  evaluate: (row: KqlValue[]) => KqlValue;
}

const isWord = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * Kusto's `has`: the needle matches whole terms. A term is a run of letters and digits, so a
 * match must not continue into letters or digits on either side. Case-insensitive unless `caseSensitive`.
 */
function hasTerm(text: string, needle: string, caseSensitive = false): boolean {
  if (needle === '') return true;
  const haystack = caseSensitive ? text : text.toLowerCase();
  const term = caseSensitive ? needle : needle.toLowerCase();
  const checkStart = isWord(term[0]);
  const checkEnd = isWord(term[term.length - 1]);
  for (let at = haystack.indexOf(term); at >= 0; at = haystack.indexOf(term, at + 1)) {
    if (checkStart && isWord(haystack[at - 1])) continue;
    if (checkEnd && isWord(haystack[at + term.length])) continue;
    return true;
  }
  return false;
}

// `hasprefix`: some term starts with the needle.
function hasPrefixTerm(text: string, needle: string, caseSensitive: boolean): boolean {
  const haystack = caseSensitive ? text : text.toLowerCase();
  const term = caseSensitive ? needle : needle.toLowerCase();
  for (let at = haystack.indexOf(term); at >= 0; at = haystack.indexOf(term, at + 1)) {
    if (!isWord(term[0]) || !isWord(haystack[at - 1])) return true;
  }
  return false;
}

// `hassuffix`: some term ends with the needle.
function hasSuffixTerm(text: string, needle: string, caseSensitive: boolean): boolean {
  const haystack = caseSensitive ? text : text.toLowerCase();
  const term = caseSensitive ? needle : needle.toLowerCase();
  for (let at = haystack.indexOf(term); at >= 0; at = haystack.indexOf(term, at + 1)) {
    if (!isWord(term[term.length - 1]) || !isWord(haystack[at + term.length])) return true;
  }
  return false;
}

type Predicate = (text: string, needle: string) => boolean;
const lower = (s: string): string => s.toLowerCase();

const PREDICATES: Readonly<Record<string, Predicate>> = {
  '=~': (t, n) => lower(t) === lower(n),
  has: (t, n) => hasTerm(t, n),
  has_cs: (t, n) => hasTerm(t, n, true),
  hasprefix: (t, n) => hasPrefixTerm(t, n, false),
  hasprefix_cs: (t, n) => hasPrefixTerm(t, n, true),
  hassuffix: (t, n) => hasSuffixTerm(t, n, false),
  hassuffix_cs: (t, n) => hasSuffixTerm(t, n, true),
  contains: (t, n) => lower(t).includes(lower(n)),
  contains_cs: (t, n) => t.includes(n),
  startswith: (t, n) => lower(t).startsWith(lower(n)),
  startswith_cs: (t, n) => t.startsWith(n),
  endswith: (t, n) => lower(t).endsWith(lower(n)),
  endswith_cs: (t, n) => t.endsWith(n),
};

/** Every string operator this module evaluates, negated forms included. */
const STRING_OPERATORS = new Set<string>([
  ...Object.keys(PREDICATES),
  ...Object.keys(PREDICATES).map((name) => (name === '=~' ? '!~' : `!${name}`)),
  '!=~',
  'matches regex',
]);

/** Compiles `left <operator> right` for a string operator; the result is bool. */
function compileStringOperator(operator: string, left: Operand, right: Operand): { type: 'bool'; evaluate: (row: KqlValue[]) => KqlValue } {
  const l = left.evaluate;
  const r = right.evaluate;
  const text = (row: KqlValue[]): string => kqlToString(l(row), left.type);
  if (operator === 'matches regex') {
    const cache = new Map<string, RegExp>();
    return { type: 'bool', evaluate: (row) => {
      const pattern = kqlToString(r(row), right.type);
      let regex = cache.get(pattern);
      if (!regex) {
        regex = compileRegex(pattern);
        cache.set(pattern, regex);
      }
      return regex.test(text(row));
    } };
  }
  const negated = operator.startsWith('!');
  const base = operator === '!=~' || operator === '!~' ? '=~' : negated ? operator.slice(1) : operator;
  const predicate = PREDICATES[base];
  if (!predicate) throw new KqlUnsupportedError(`operator '${operator}'`);
  return { type: 'bool', evaluate: (row) => predicate(text(row), kqlToString(r(row), right.type)) !== negated };
}

/** Compiles an RE2-style pattern (Kusto's regex dialect) as a JS regex, naming the pattern on failure. */
function compileRegex(pattern: string): RegExp {
  // RE2 inline flags such as (?i) at the start are common in KQL; JS expresses them as flags.
  const inline = /^\(\?([imsU]+)\)/.exec(pattern);
  return inline ? regexWithFlags(pattern.slice(inline[0].length), inline[1]!, pattern) : regexWithFlags(pattern, '');
}

export { hasTerm, compileRegex, compileStringOperator, PREDICATES, STRING_OPERATORS };
