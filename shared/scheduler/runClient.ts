import type { DurableClient } from 'durable-functions';
import { TransientError } from '../errors';
import type { InvestigationInput } from '../durable';
import { investigationClientFrom } from '../ingestion/investigationClient';

/** What the scheduler needs of Durable: start a run, and read how one is doing. */
interface RunClient {
  /** Starts `investigateIncident`; `exists` when an instance with this id is already running or pending. */
  start(instanceId: string, input: InvestigationInput): Promise<'started' | 'exists'>;
  /** Runtime status, custom status and output; `undefined` when there is no such instance. */
  describe(instanceId: string): Promise<{ runtimeStatus: string; customStatus: unknown; output: unknown } | undefined>;
}

/** Wraps the durable client binding (its start is ingestion's, with the same 409 handling). */
function runClientFrom(getClient: () => DurableClient): RunClient {
  const investigations = investigationClientFrom(getClient);
  return {
    start: (instanceId, input) => investigations.start(instanceId, input),
    async describe(instanceId) {
      try {
        const status = await getClient().getStatus(instanceId, { showInput: false });
        return status.runtimeStatus ? { runtimeStatus: String(status.runtimeStatus), customStatus: status.customStatus, output: status.output } : undefined;
      } catch (error) {
        if (error instanceof Error && /HTTP 404 response/.test(error.message)) return undefined;
        throw new TransientError(`the Durable client failed while reading the status of ${instanceId}`, { cause: error });
      }
    },
  };
}

export { runClientFrom };
export type { RunClient };
