import { isRetryable } from '../errors';
import { deliveryMarkerOf } from './deliveryKey';
import type { DeliveryLedger, LedgerEntry } from './deliveryLedger';
import type { DeliveryMessage, DeliveryResult } from './deliveryTypes';
import { skipped, type DeliveryContext, type Destination } from './destination';

/** Options of {@link deliverOnce}. */
interface DeliverOnceOptions {
  signal?: AbortSignal;
  /** Clock for ledger timestamps (tests). */
  now?: () => Date;
}

/**
 * Delivers `message` to `destination` at most once per idempotency key, as far as the outside
 * allows:
 * 1. ledger says `delivered` → nothing is sent; the recorded result comes back with `replayed: true`;
 * 2. otherwise the row is set to `attempted` (ETag-guarded) before any request;
 * 3. the destination runs; if an earlier try was `attempted` or `failed` it is told it is
 *    `recovering` and looks for its marker before writing again (PagerDuty notes, ServiceNow
 *    work notes), and sub-steps already recorded are skipped;
 * 4. the outcome is recorded as `delivered` (also for `skipped`) or `failed`.
 *
 * Returns a result for every outage or rejection (a failed delivery never fails the
 * investigation). Throws only TransientError: the ledger could not be read or written, or a
 * concurrent execution holds the key; the activity should be retried by Durable.
 */
async function deliverOnce(ledger: DeliveryLedger, destination: Destination, message: DeliveryMessage, idempotencyKey: string, options: DeliverOnceOptions = {}): Promise<DeliveryResult> {
  const now = options.now ?? (() => new Date());
  if (!destination.isConfigured()) return skipped(destination.name, { idempotencyKey }, `${destination.name} is not configured`);
  const instanceId = message.investigationId;
  const previous = await ledger.get(instanceId, idempotencyKey);
  if (previous?.state === 'delivered' && previous.result) return { ...previous.result, replayed: true };

  let entry: LedgerEntry = await ledger.markAttempted(instanceId, idempotencyKey, destination.name, previous, now());
  const ctx: DeliveryContext = {
    idempotencyKey,
    marker: deliveryMarkerOf(idempotencyKey),
    recovering: previous !== undefined,
    completedSteps: new Set(entry.steps),
    completeStep: async (step: string) => {
      entry = await ledger.addStep(entry, step, now());
    },
    ...(options.signal ? { signal: options.signal } : {}),
  };

  let result: DeliveryResult;
  try {
    result = await destination.deliver(message, ctx);
  } catch (error) {
    // A TransientError asks for a Durable retry: leave the row `attempted` so the retry recovers.
    if (isRetryable(error)) throw error;
    result = {
      schemaVersion: 1,
      destination: destination.name,
      idempotencyKey,
      status: 'failed',
      attempts: 0,
      replayed: false,
      error: { code: 'internal', message: error instanceof Error ? error.message.slice(0, 300) : String(error), retryable: false },
    };
  }
  await ledger.markFinished(entry, result, now());
  return result;
}

export { deliverOnce };
export type { DeliverOnceOptions };
