import { z } from 'zod';
import { joinText, splitText } from './chunkedText';
import type { IngestionStore } from './ingestionStore';
import { isStorageStatus, storageCall } from './storageCalls';
import type { InvestigationClient } from './investigationClient';
import { keyHash } from './storageKeys';

const HeldEventSchema = z.object({
  eventName: z.string(),
  payload: z.string(),
  heldAt: z.string(),
});

/**
 * Keeps an event for an investigation that has not started yet (queued for capacity). Keyed by
 * delivery id and event name, so a retried delivery holds it once.
 */
async function holdEvent(store: IngestionStore, instanceId: string, eventName: string, payload: unknown, deliveryId: string, now: Date): Promise<void> {
  await store.ready();
  await storageCall('holding an event for a queued investigation', () =>
    store.queue.upsertEntity({ partitionKey: instanceId, rowKey: keyHash(`${eventName}\n${deliveryId}`), eventName, heldAt: now.toISOString(), ...splitText('payload', JSON.stringify(payload)) }, 'Replace'),
  );
}

/**
 * Raises every held event on the now-running instance, oldest first. Each row is claimed by an
 * ETag-conditional delete before its event is raised, so when the starter and a late joiner
 * release at the same time each event is raised once; if raising fails the row is put back.
 */
async function releaseHeldEvents(store: IngestionStore, client: InvestigationClient, instanceId: string): Promise<number> {
  await store.ready();
  const rows = await storageCall('listing held events', async () => {
    const found: Array<{ rowKey: string; etag: string; event: z.infer<typeof HeldEventSchema> }> = [];
    const filter = `PartitionKey eq '${instanceId.replace(/'/g, "''")}'`;
    for await (const entity of store.queue.listEntities({ queryOptions: { filter } })) {
      const event = HeldEventSchema.parse({ ...entity, payload: joinText('payload', entity) });
      found.push({ rowKey: entity.rowKey!, etag: entity.etag!, event });
    }
    return found.sort((a, b) => a.event.heldAt.localeCompare(b.event.heldAt));
  });
  let released = 0;
  for (const row of rows) {
    try {
      await storageCall('claiming a held event', () => store.queue.deleteEntity(instanceId, row.rowKey, { etag: row.etag }), [404, 412]);
    } catch (error) {
      if (isStorageStatus(error, 404, 412)) continue;
      throw error;
    }
    try {
      await client.raise(instanceId, row.event.eventName, JSON.parse(row.event.payload) as unknown);
      released++;
    } catch (error) {
      await store.queue
        .upsertEntity({ partitionKey: instanceId, rowKey: row.rowKey, eventName: row.event.eventName, heldAt: row.event.heldAt, ...splitText('payload', row.event.payload) }, 'Replace')
        .catch(() => undefined);
      throw error;
    }
  }
  return released;
}

export { holdEvent, releaseHeldEvents };
