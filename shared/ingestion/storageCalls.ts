import { TransientError } from '../errors';

/** HTTP status of a storage error, `undefined` for network failures. */
function storageStatus(error: unknown): number | undefined {
  // By name, not instanceof: the blob and table SDKs may load different copies of core-rest-pipeline.
  if (!(error instanceof Error) || error.name !== 'RestError') return undefined;
  const status = (error as Error & { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : undefined;
}

const failureListeners = new Set<() => void>();

/**
 * Calls `listener` after every storage call that failed unexpectedly, so state cached about
 * storage (such as "the tables exist") is forgotten rather than trusted past a failure.
 */
function onStorageFailure(listener: () => void): void {
  failureListeners.add(listener);
}

/**
 * Runs one storage call; an unexpected failure becomes a `TransientError` (answered 503, which
 * every source retries), while the statuses the caller handles (404, 409, 412) pass through.
 */
async function storageCall<T>(what: string, call: () => Promise<T>, expected: readonly number[] = []): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const status = storageStatus(error);
    if (status !== undefined && expected.includes(status)) throw error;
    for (const listener of failureListeners) listener();
    throw new TransientError(`storage failed while ${what}${status === undefined ? '' : ` (HTTP ${status})`}`, { cause: error });
  }
}

/** True when `error` is a storage error with one of the statuses. */
function isStorageStatus(error: unknown, ...statuses: number[]): boolean {
  const status = storageStatus(error);
  return status !== undefined && statuses.includes(status);
}

export { storageCall, isStorageStatus, onStorageFailure };
