import { z } from 'zod';
import type { IngestionSettings } from './ingestionSettings';
import type { IngestionStore } from './ingestionStore';
import { listWaitingGroups } from './investigationGroups';

/** The `ingestion` part of `GET /api/health`. */
const IngestionHealthSchema = z.object({
  /** Investigations waiting to start (queued for capacity, waiting for a retry, or being started). */
  queued: z.number().int().min(0),
  /** Of those, how many failed to start at least once and wait for their next attempt. */
  retrying: z.number().int().min(0),
  /** Age of the oldest waiting one, in seconds; `null` when none waits. */
  oldestQueuedAgeSeconds: z.number().min(0).nullable(),
  /** Investigations whose every start attempt failed; their alerts show `dead-lettered`. */
  deadLettered: z.number().int().min(0),
  /** Investigations counting against the concurrency cap; `null` when the orchestration service did not answer. */
  active: z.number().int().min(0).nullable(),
  maxConcurrent: z.number().int().positive(),
  /** True when the oldest waiting investigation is older than `INGEST_STALLED_SECONDS` while capacity is free. */
  stalled: z.boolean(),
});

type IngestionHealth = z.infer<typeof IngestionHealthSchema>;

/**
 * Queue statistics for the health report, from the groups table (one query) and the count of
 * active investigations (`countActive`, from the Durable client). Ingestion is stalled when an
 * investigation has waited longer than `INGEST_STALLED_SECONDS` although capacity is free (or
 * cannot be counted): waiting for capacity is normal, waiting beside a free slot is not.
 * Throws when storage cannot be read.
 */
async function ingestionHealth(store: IngestionStore, settings: IngestionSettings, countActive: () => Promise<number>, now: Date = new Date()): Promise<IngestionHealth> {
  const groups = await listWaitingGroups(store, ['queued', 'starting', 'dead-lettered']);
  const waiting = groups.filter((g) => g.row.state !== 'dead-lettered');
  const oldest = waiting[0]?.row.queuedAt;
  const oldestQueuedAgeSeconds = oldest === undefined ? null : Math.max(0, Math.round((now.getTime() - Date.parse(oldest)) / 1000));
  const active = await countActive().catch(() => null);
  const capacityFree = active === null || active < settings.INGEST_MAX_CONCURRENT_INVESTIGATIONS;
  return {
    queued: waiting.length,
    retrying: waiting.filter((g) => g.row.attempts > 0).length,
    oldestQueuedAgeSeconds,
    deadLettered: groups.length - waiting.length,
    active,
    maxConcurrent: settings.INGEST_MAX_CONCURRENT_INVESTIGATIONS,
    stalled: oldestQueuedAgeSeconds !== null && oldestQueuedAgeSeconds > settings.INGEST_STALLED_SECONDS && capacityFree,
  };
}

export { IngestionHealthSchema, ingestionHealth };
export type { IngestionHealth };
