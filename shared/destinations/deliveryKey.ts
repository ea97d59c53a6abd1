import { createHash } from 'node:crypto';
import type { DestinationName } from './deliveryTypes';

/**
 * The idempotency key of one write: the investigation's Durable instance id, the destination and
 * the orchestration step (`investigation-started`, `report`, `approval:<id>`, `resolved`). The
 * orchestration derives the same step on replay, so a retried activity carries the same key.
 */
function deliveryKeyOf(instanceId: string, destination: DestinationName, step: string): string {
  if (instanceId.length === 0 || step.length === 0) throw new RangeError('instance id and step must not be empty');
  return `${instanceId}:${destination}:${step}`;
}

/**
 * A short marker for a key, written as the last line of notes (`ref:0123456789ab`). 48 bits of
 * SHA-256 are plenty to tell this investigation's notes apart on one incident, and it gives
 * nothing away about the instance id.
 */
function deliveryMarkerOf(key: string): string {
  return `ref:${createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 12)}`;
}

export { deliveryKeyOf, deliveryMarkerOf };
