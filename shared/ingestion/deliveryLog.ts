import { createHash } from 'node:crypto';
import { z } from 'zod';
import { IngressError } from '../errors';
import type { IncidentSource } from '../incident';
import type { IngestionStore } from './ingestionStore';
import { currentClaimOwner } from './claimOwner';
import { isStorageStatus, storageCall } from './storageCalls';
import { keyHash } from './storageKeys';

const DeliveryEntitySchema = z.object({
  deliveryId: z.string(),
  contentHash: z.string(),
  receivedAt: z.string(),
  /** The process that claimed it (see `claimOwner`); absent on rows of older versions. */
  claimedBy: z.string().optional(),
  /** JSON of the result first answered, replayed to a retry. */
  result: z.string().optional(),
});

/**
 * What {@link claimDelivery} found: a first delivery, or a retry of one already claimed, with
 * the first answer once there is one and when the first delivery claimed the id.
 */
type DeliveryClaim = { kind: 'first' } | { kind: 'retry'; result: unknown; claimedAt: string; claimedBy: string | undefined };

/** A stable hash of what a delivery carries, ignoring where its body was archived. */
function contentHashOf(content: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(content, (key, value: unknown) => (key === 'rawPayloadRef' ? undefined : value)))
    .digest('hex');
}

/**
 * Records a delivery id before it is acted on. A second delivery with the same id and the same
 * content is a retry (at-least-once delivery); with different content it is a replay of the id
 * and is refused with 409 when `strict` (sources whose delivery ids are unique per event:
 * PagerDuty `X-Webhook-Id`, Event Grid event ids).
 */
async function claimDelivery(store: IngestionStore, source: IncidentSource, deliveryId: string, content: unknown, strict: boolean, receivedAt: Date): Promise<DeliveryClaim> {
  await store.ready();
  const contentHash = contentHashOf(content);
  const keys = { partitionKey: source, rowKey: keyHash(deliveryId) };
  try {
    const entity = { ...keys, deliveryId, contentHash, receivedAt: receivedAt.toISOString(), claimedBy: currentClaimOwner() };
    await storageCall('recording the delivery id', () => store.deliveryWrites.commit({ partitionKey: source, actions: [['create', entity]] }), [409]);
    return { kind: 'first' };
  } catch (error) {
    if (!isStorageStatus(error, 409)) throw error;
  }
  const existing = DeliveryEntitySchema.parse(await storageCall('reading a delivery record', () => store.deliveries.getEntity(keys.partitionKey, keys.rowKey)));
  if (strict && existing.contentHash !== contentHash) {
    throw new IngressError(409, 'delivery-replayed', `delivery id ${JSON.stringify(deliveryId)} was already used for a different event`);
  }
  return { kind: 'retry', result: existing.result === undefined ? undefined : (JSON.parse(existing.result) as unknown), claimedAt: existing.receivedAt, claimedBy: existing.claimedBy };
}

/** Stores the answer given to a delivery so a retry can be answered the same way. */
async function completeDelivery(store: IngestionStore, source: IncidentSource, deliveryId: string, result: unknown): Promise<void> {
  const entity = { partitionKey: source, rowKey: keyHash(deliveryId), result: JSON.stringify(result) };
  await storageCall('completing the delivery record', () => store.deliveryWrites.commit({ partitionKey: source, actions: [['update', entity, 'Merge']] }));
}

export { claimDelivery, completeDelivery, contentHashOf };
export type { DeliveryClaim };
