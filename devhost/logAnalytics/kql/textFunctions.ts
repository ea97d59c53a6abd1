/**
 * String and bag functions as Kusto documents them: `notempty` / `isnotempty`'s old name,
 * `reverse`, `replace` (regex, `$1`-style groups; `replace_regex` is its newer name),
 * `replace_string`, `trim` / `trim_start` / `trim_end` (regex), `indexof`, `strcat_delim`,
 * `countof`, `pack` / `bag_pack`, `pack_array`, `extract_json` / `extractjson` (JSONPath with
 * `.name`, `['name']` and `[index]`), `columnifexists` and `ingestion_time()`.
 */
import type { CompileContext, CompiledExpression, Evaluate } from './compileExpression';
import { kqlToString, type KqlValue } from './kqlValues';
import { compileRegex } from './stringOperators';

type Implementation = (args: CompiledExpression[], resultType: string, context: CompileContext) => Evaluate;

const text = (arg: CompiledExpression, row: KqlValue[]): string => kqlToString(arg.evaluate(row), arg.type);

// One compiled regex per distinct pattern text, per call site.
function regexCache(flags: string): (pattern: string) => RegExp {
  const cache = new Map<string, RegExp>();
  return (pattern) => {
    let regex = cache.get(pattern);
    if (!regex) {
      const compiled = compileRegex(pattern);
      regex = new RegExp(compiled.source, flags + compiled.flags.replace(/[gy]/g, ''));
      cache.set(pattern, regex);
    }
    return regex;
  };
}

// replace(regex, rewrite, text): every match replaced; \1 and $1 both name groups in Kusto's rewrite.
const replaceRegex: Implementation = (args) => {
  const regexFor = regexCache('g');
  return (row) => {
    const rewrite = text(args[1]!, row).replace(/\\(\d)/g, '$$$1');
    return text(args[2]!, row).replace(regexFor(text(args[0]!, row)), rewrite);
  };
};

// trim(regex, text): the leading and/or trailing match of the regex removed.
function trimmer(start: boolean, end: boolean): Implementation {
  return (args) => (row) => {
    const pattern = text(args[0]!, row);
    let value = text(args[1]!, row);
    if (start) value = value.replace(new RegExp(`^(?:${compileRegex(pattern).source})`), '');
    if (end) value = value.replace(new RegExp(`(?:${compileRegex(pattern).source})$`), '');
    return value;
  };
}

const TEXT_FUNCTIONS: Readonly<Record<string, Implementation>> = {
  notempty: (args) => (row) => { const v = args[0]!.evaluate(row); return !(v === null || v === ''); },
  reverse: (args) => (row) => [...text(args[0]!, row)].reverse().join(''),
  replace: replaceRegex,
  replace_regex: replaceRegex,
  replace_string: (args) => (row) => text(args[0]!, row).split(text(args[1]!, row)).join(text(args[2]!, row)),
  trim: trimmer(true, true),
  trim_start: trimmer(true, false),
  trim_end: trimmer(false, true),
  // indexof(source, lookup[, start[, length[, occurrence]]]): -1 when not found.
  indexof: (args) => (row) => {
    const source = text(args[0]!, row);
    const lookup = text(args[1]!, row);
    const start = args[2] ? Number(args[2].evaluate(row) ?? 0) : 0;
    return source.indexOf(lookup, Math.max(0, start));
  },
  strcat_delim: (args) => (row) => args.slice(1).map((arg) => text(arg, row)).join(text(args[0]!, row)),
  countof: (args) => (row) => {
    const source = text(args[0]!, row);
    const search = text(args[1]!, row);
    if (search === '') return 0;
    let count = 0;
    for (let at = source.indexOf(search); at >= 0; at = source.indexOf(search, at + search.length)) count++;
    return count;
  },
  pack: packBag,
  bag_pack: packBag,
  pack_array: (args) => (row) => args.map((arg) => arg.evaluate(row)),
  extract_json: extractJson,
  extractjson: extractJson,
  // columnifexists(name, default): the column when the input has it, else the default.
  columnifexists: (args, _type, context) => {
    const at = context.columns.get(String(args[0]!.evaluate([])));
    return at === undefined ? args[1]!.evaluate : (row) => row[at] ?? null;
  },
  // The emulator ingests instantly: a record's ingestion time is its _TimeReceived when the table
  // has one, else its TimeGenerated (see docs/telemetry-emulator.md).
  ingestion_time: (_args, _type, context) => {
    const at = context.columns.get('_TimeReceived') ?? context.columns.get('TimeGenerated');
    return (row) => (at === undefined ? null : (row[at] ?? null));
  },
};

// extract_json(path, text[, typeof(T)]): the element at a JSONPath ($, .name, ['name'], [index]).
function extractJson(args: CompiledExpression[], resultType: string): Evaluate {
  return (row) => {
    const path = text(args[0]!, row);
    let value: KqlValue;
    try {
      value = JSON.parse(text(args[1]!, row)) as KqlValue;
    } catch {
      return resultType === 'string' ? '' : null;
    }
    const steps = path.replace(/^\$/, '').match(/\.[^.[\]]+|\[\d+\]|\['[^']*'\]|\["[^"]*"\]/g) ?? [];
    for (const step of steps) {
      if (value === null || typeof value !== 'object') return resultType === 'string' ? '' : null;
      const key = step.startsWith('.') ? step.slice(1) : step.slice(1, -1).replace(/^['"]|['"]$/g, '');
      value = (Array.isArray(value) ? value[Number(key)] : value[key]) ?? null;
    }
    if (resultType === 'string') return value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
    return value;
  };
}

// pack(key1, value1, key2, value2, ...): a property bag.
function packBag(args: CompiledExpression[]): Evaluate {
  return (row) => {
    const bag: { [key: string]: KqlValue } = {};
    for (let i = 0; i + 1 < args.length; i += 2) bag[text(args[i]!, row)] = args[i + 1]!.evaluate(row);
    return bag;
  };
}

export { TEXT_FUNCTIONS };
