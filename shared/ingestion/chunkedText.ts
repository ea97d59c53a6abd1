/** A table string property holds at most 64 KiB (32K UTF-16 units); longer text is split below that. */
const CHUNK_CHARS = 30_000;

/** Spreads `text` over properties `<name>0..<name>N` plus `<name>Parts` (0 when undefined). */
function splitText(name: string, text: string | undefined): Record<string, string | number> {
  const parts = text === undefined ? 0 : Math.max(1, Math.ceil(text.length / CHUNK_CHARS));
  const out: Record<string, string | number> = { [`${name}Parts`]: parts };
  for (let i = 0; i < parts; i++) out[`${name}${i}`] = text!.slice(i * CHUNK_CHARS, (i + 1) * CHUNK_CHARS);
  return out;
}

/** Joins what {@link splitText} wrote; `undefined` when there was no text. */
function joinText(name: string, entity: Record<string, unknown>): string | undefined {
  const parts = entity[`${name}Parts`];
  if (typeof parts !== 'number' || parts === 0) return undefined;
  return Array.from({ length: parts }, (_, i) => String(entity[`${name}${i}`] ?? '')).join('');
}

export { splitText, joinText };
