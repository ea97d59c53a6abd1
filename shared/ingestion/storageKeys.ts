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

/**
 * The incident index is spread over 16 partitions per source, `<source>~<0-f>`, chosen by the
 * alert's investigation key: one partition of Azure Tables takes about 2,000 entities a second,
 * and Azurite checks every write against its whole partition. A group's alerts (and its signal
 * ledger) share a partition, so joining one is a single transaction and counting a ledger is one
 * range query. The same alert always has the same investigation key, so a retry finds its record.
 */
function indexPartitionOf(source: IncidentSource, investigationKey: string): string {
  return `${source}~${keyHash(investigationKey).charAt(0)}`;
}

/** The range of the index partitions of one source, for queries by source. */
function indexPartitionRange(source: IncidentSource): { from: string; to: string } {
  return { from: `${source}~`, to: `${source}~~` };
}

/** The public id of an incident record: `<source>_<bucket>_<hash of dedupe key>`, safe in URLs and table keys. */
function recordIdOf(source: IncidentSource, investigationKey: string, dedupeKey: string): string {
  return `${source}_${indexPartitionOf(source, investigationKey).slice(-1)}_${keyHash(dedupeKey)}`;
}

/** Splits a record id into its table keys; `undefined` when it is not one we issued. */
function recordKeysOf(recordId: string): { partitionKey: string; rowKey: string } | undefined {
  const match = /^([a-z-]+)_([0-9a-f])_([0-9a-f]{32})$/.exec(recordId);
  if (!match) return undefined;
  const source = IncidentSourceSchema.safeParse(match[1]);
  return source.success ? { partitionKey: `${source.data}~${match[2]!}`, rowKey: match[3]! } : undefined;
}

/** A fixed-width millisecond timestamp, so row keys sort in time order. */
function sortableTime(date: Date): string {
  return String(date.getTime()).padStart(15, '0');
}

export { keyHash, indexPartitionOf, indexPartitionRange, recordIdOf, recordKeysOf, sortableTime };
