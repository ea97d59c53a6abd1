/**
 * RE2 regex flags (Kusto's regex dialect) on JavaScript regexes: `i`, `m` and `s` map to JS flags;
 * `U` (ungreedy) has no JS flag, so it swaps every quantifier's greediness in the pattern.
 */
import { KqlEvaluationError } from './kqlErrors';

const QUANTIFIER = /^(?:[*+?]|\{\d+(?:,\d*)?\})/;

/** The pattern with greedy quantifiers made lazy and lazy ones greedy (RE2's `U` flag). */
function swapGreediness(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      out += source.slice(i, i + 2);
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      continue;
    }
    // `(?` opens a group modifier, not a quantifier.
    const quantifier = out.endsWith('(') ? null : QUANTIFIER.exec(source.slice(i));
    if (!quantifier) {
      out += c;
      continue;
    }
    out += quantifier[0];
    i += quantifier[0].length - 1;
    if (source[i + 1] === '?') i++;
    else out += '?';
  }
  return out;
}

/** Builds a JS regex from an RE2 pattern and RE2 flag letters (`i`, `m`, `s`, `U`). */
function regexWithFlags(pattern: string, flagLetters: string, display = pattern): RegExp {
  const unknown = flagLetters.replace(/[imsU]/g, '');
  if (unknown) throw new KqlEvaluationError('EvaluationError', `unsupported regex flag(s) '${unknown}' for ${JSON.stringify(display)} (supported: i, m, s, U)`);
  const source = flagLetters.includes('U') ? swapGreediness(pattern) : pattern;
  const flags = [...new Set(flagLetters.replace('U', '').split(''))].join('');
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw new KqlEvaluationError('EvaluationError', `invalid regular expression ${JSON.stringify(display)}`, { cause: error });
  }
}

export { swapGreediness, regexWithFlags };
