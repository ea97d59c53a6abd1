import type { DeliveryError, DeliveryMessage, DeliveryResult, DestinationName } from './deliveryTypes';

/**
 * What {@link Destination.deliver} gets besides the message. Built by `deliverOnce` from the
 * ledger; destinations never touch the ledger themselves.
 */
interface DeliveryContext {
  /** `<instance id>:<destination>:<step>`; the same on every retry of the same write. */
  readonly idempotencyKey: string;
  /** Short marker derived from the key (`ref:0123456789ab`), written into notes so a retry can find them. */
  readonly marker: string;
  /**
   * True when an earlier try of this key was recorded as attempted (or failed) without a known
   * outcome: the write may already have happened, so look for the marker before writing again.
   */
  readonly recovering: boolean;
  /** Steps of this delivery already recorded as done by an earlier try (e.g. `note`), to skip. */
  readonly completedSteps: ReadonlySet<string>;
  /** Records a step as done (after its write succeeded) so a retry skips it. */
  completeStep(step: string, ref?: string): Promise<void>;
  /** Cancels outstanding requests (activity shutdown). */
  readonly signal?: AbortSignal;
}

/**
 * One system the investigation writes back to. Implementations are called only from write-back
 * activities (never by the model), through `deliverOnce`.
 *
 * Contract: `deliver` returns a result for every outcome the outside can cause (outage, rate
 * limit, rejection), after its own bounded retries with backoff; it throws only for a bug or a
 * TransientError that a Durable activity retry should handle.
 */
interface Destination {
  readonly name: DestinationName;
  /** True when the settings needed to write here are present (health and default selection use it). */
  isConfigured(): boolean;
  deliver(message: DeliveryMessage, ctx: DeliveryContext): Promise<DeliveryResult>;
}

/** Helpers to build results with the common fields filled in. */
function delivered(name: DestinationName, ctx: Pick<DeliveryContext, 'idempotencyKey'>, attempts: number, externalRef?: string): DeliveryResult {
  return { schemaVersion: 1, destination: name, idempotencyKey: ctx.idempotencyKey, status: 'delivered', attempts, replayed: false, ...(externalRef ? { externalRef } : {}) };
}

function skipped(name: DestinationName, ctx: Pick<DeliveryContext, 'idempotencyKey'>, reason: string, attempts = 0, externalRef?: string): DeliveryResult {
  return { schemaVersion: 1, destination: name, idempotencyKey: ctx.idempotencyKey, status: 'skipped', attempts, reason, replayed: false, ...(externalRef ? { externalRef } : {}) };
}

function failed(name: DestinationName, ctx: Pick<DeliveryContext, 'idempotencyKey'>, attempts: number, error: DeliveryError): DeliveryResult {
  return { schemaVersion: 1, destination: name, idempotencyKey: ctx.idempotencyKey, status: 'failed', attempts, error, replayed: false };
}

export { delivered, skipped, failed };
export type { Destination, DeliveryContext };
