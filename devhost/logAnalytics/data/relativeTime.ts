/**
 * Time values in scenario files. Bundled incidents must always look "recent" to the responder
 * (queries use `ago(1h)`), so data files either carry offsets from the load time (`@-15m`) or
 * absolute timestamps that are shifted by (load time - the scenario's `recordedAt`).
 */

// `@-15m`, `@-1h30m`, `@+2d`, `@-905.25` (bare number = seconds), `@0`.
const RELATIVE_PATTERN = /^@([+-]?)((?:\d+(?:\.\d+)?(?:ms|d|h|m|s))+|\d+(?:\.\d+)?)$/;
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
// ISO 8601 UTC instants as Azure writes them (`2026-03-04T11:02:58.7710431Z`, 7 fractional digits allowed).
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?Z$/;
// The same instants URL-encoded inside portal and API links (`2026-03-04T10%3a52%3a30.0000000Z`).
const ENCODED_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}%3[aA]\d{2}%3[aA]\d{2}(?:\.\d{1,7})?Z/g;

/** True when the value is a relative time such as `@-15m`. */
function isRelativeTime(value: string): boolean {
  return RELATIVE_PATTERN.test(value);
}

/** Milliseconds of a relative time (`@-1h30m` → -5 400 000), or undefined when it is not one. */
function relativeOffsetMs(value: string): number | undefined {
  const match = RELATIVE_PATTERN.exec(value);
  if (!match) return undefined;
  const sign = match[1] === '-' ? -1 : 1;
  const body = match[2]!;
  if (/^\d+(?:\.\d+)?$/.test(body)) return sign * Math.round(Number(body) * 1000);
  let total = 0;
  for (const part of body.matchAll(/(\d+(?:\.\d+)?)(ms|d|h|m|s)/g)) total += Number(part[1]) * UNIT_MS[part[2]!]!;
  return sign * Math.round(total);
}

/** Maps a scenario's times onto the present: `anchor` is the load time, `shiftMs` = anchor - recordedAt. */
interface TimeAnchor {
  anchor: Date;
  shiftMs: number;
}

/**
 * Resolves a datetime cell: `@offset` relative to the anchor, or an absolute ISO instant moved by
 * the shift. Returns undefined for anything else so the caller can report the bad value.
 */
function resolveInstant(value: string, time: TimeAnchor): string | undefined {
  const offset = relativeOffsetMs(value);
  if (offset !== undefined) return new Date(time.anchor.getTime() + offset).toISOString();
  if (!ISO_INSTANT.test(value)) return undefined;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : new Date(parsed + time.shiftMs).toISOString();
}

function shiftEncoded(text: string, shiftMs: number): string {
  return text.replace(ENCODED_INSTANT, (encoded) => {
    const decoded = encoded.replace(/%3[aA]/g, ':');
    const moved = new Date(Date.parse(decoded) + shiftMs).toISOString().replace('Z', '0000Z');
    return moved.replace(/:/g, '%3a');
  });
}

/**
 * Re-anchors every time inside a JSON document (an alert payload, resource properties): relative
 * values become ISO instants, absolute instants (also URL-encoded ones inside links) are shifted.
 */
function reanchorJson<T>(value: T, time: TimeAnchor): T {
  const visit = (node: unknown): unknown => {
    if (typeof node === 'string') {
      const resolved = resolveInstant(node, time);
      if (resolved !== undefined) return resolved;
      return node.includes('%3') ? shiftEncoded(node, time.shiftMs) : node;
    }
    if (Array.isArray(node)) return node.map(visit);
    if (node !== null && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) out[key] = visit(child);
      return out;
    }
    return node;
  };
  return visit(value) as T;
}

export type { TimeAnchor };
export { isRelativeTime, relativeOffsetMs, resolveInstant, reanchorJson };
