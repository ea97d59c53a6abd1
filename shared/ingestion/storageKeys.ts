import { createHash } from 'node:crypto';
import type { IncidentSource } from '../incident';
import { IncidentSourceSchema } from '../incident';

/**
 * Table keys may not hold `/ \ # ?` or control characters and dedupe keys or delivery ids are
 * source-defined strings, so rows are keyed by a hash of them (128 bits: collisions are not a
 * practical concern at alert volumes).
 */
function keyHash(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 32);
}

/** The public id of an incident record: `<source>_<hash of dedupe key>`, safe in URLs and table keys. */
function recordIdOf(source: IncidentSource, dedupeKey: string): string {
  return `${source}_${keyHash(dedupeKey)}`;
}

/** Splits a record id into its table keys; `undefined` when it is not one we issued. */
function recordKeysOf(recordId: string): { partitionKey: IncidentSource; rowKey: string } | undefined {
  const match = /^([a-z-]+)_([0-9a-f]{32})$/.exec(recordId);
  if (!match) return undefined;
  const source = IncidentSourceSchema.safeParse(match[1]);
  return source.success ? { partitionKey: source.data, rowKey: match[2]! } : undefined;
}

/** A fixed-width millisecond timestamp, so row keys sort in time order. */
function sortableTime(date: Date): string {
  return String(date.getTime()).padStart(15, '0');
}

export { keyHash, recordIdOf, recordKeysOf, sortableTime };
