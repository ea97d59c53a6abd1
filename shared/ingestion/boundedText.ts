import { createHash } from 'node:crypto';

/** Appended to text cut short; the full text stays in the raw archive (`rawPayloadRef`). */
const TRUNCATION_MARKER = '… [truncated; the full body is in the raw archive]';

/** `text` cut to at most `maxChars` UTF-16 units, never inside a surrogate pair. */
function cut(text: string, maxChars: number): string {
  let end = Math.max(0, maxChars);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end);
}

/**
 * `text` when it has at most `maxChars` characters; else its start and {@link TRUNCATION_MARKER},
 * `maxChars` long in all. For text that is only read (titles, descriptions, summaries).
 */
function boundText(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : cut(text, maxChars - TRUNCATION_MARKER.length) + TRUNCATION_MARKER;
}

/**
 * `key` when it has at most `maxChars` characters; else its start, `~truncated~` and a hash of
 * the whole key, `maxChars` long in all. For identities (dedupe and group keys, ids): two keys
 * that differ anywhere stay different, and the same key always bounds to the same value, so
 * retries still dedupe. Only table-key-safe characters are added.
 */
function boundKey(key: string, maxChars: number): string {
  if (key.length <= maxChars) return key;
  const suffix = `~truncated~${createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 32)}`;
  return cut(key, maxChars - suffix.length) + suffix;
}

/** Limits for {@link boundJson}. */
interface JsonBounds {
  maxString: number;
  maxItems: number;
  maxKeys: number;
}

/**
 * A copy of a JSON value with every string, array and object bounded (strings by
 * {@link boundText}; arrays and objects keep their first items and say how many were dropped),
 * and the JSON paths it cut appended to `cuts`. The value must be no deeper than the ingest
 * depth limit (`MAX_JSON_DEPTH`), which every ingest route checks before parsing it.
 */
function boundJson(value: unknown, bounds: JsonBounds, cuts: string[], path: string): unknown {
  if (typeof value === 'string') {
    if (value.length > bounds.maxString) cuts.push(path);
    return boundText(value, bounds.maxString);
  }
  if (Array.isArray(value)) {
    if (value.length > bounds.maxItems) cuts.push(`${path}[${bounds.maxItems}..${value.length - 1}]`);
    const kept = value.slice(0, bounds.maxItems).map((item, i) => boundJson(item, bounds, cuts, `${path}[${i}]`));
    return value.length > bounds.maxItems ? [...kept, `… [${value.length - bounds.maxItems} more items truncated]`] : kept;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length > bounds.maxKeys) cuts.push(`${path}{${entries.length - bounds.maxKeys} more keys}`);
    return Object.fromEntries(entries.slice(0, bounds.maxKeys).map(([k, v]) => [boundKey(k, bounds.maxString), boundJson(v, bounds, cuts, path === '' ? k : `${path}.${k}`)]));
  }
  return value;
}

export { TRUNCATION_MARKER, boundText, boundKey, boundJson };
export type { JsonBounds };
