import * as df from 'durable-functions';
import type { DurableClient } from 'durable-functions';
import { TransientError } from '../errors';
import { instanceClient, OrchestratorNames, type InstanceClient, type InvestigationInput } from '../durable';
import { investigationStatusSchema } from '../investigation/investigationStatus';

/** Runtime statuses in which an investigation still counts against the concurrency cap. */
const ACTIVE_STATUSES = ['Pending', 'Running', 'Suspended'] as const;

/** The Durable operations ingestion needs, so the pipeline does not depend on the client's HTTP details. */
interface InvestigationClient {
  /** Starts `investigateIncident`; `exists` when an instance with this id is already running or pending. */
  start(instanceId: string, input: InvestigationInput): Promise<'started' | 'exists'>;
  /** Raises an event; `notFound` when there is no such instance. */
  raise(instanceId: string, eventName: string, payload: unknown): Promise<'raised' | 'notFound'>;
  /** Runtime status of an instance; `undefined` when it does not exist. */
  status(instanceId: string): Promise<string | undefined>;
  /** How many `investigateIncident` instances are pending, running or suspended. */
  countActive(): Promise<number>;
}

function transient(what: string, error: unknown): TransientError {
  return new TransientError(`the Durable client failed while ${what}`, { cause: error });
}

/**
 * Wraps the durable client binding. The client reports an existing running instance on start
 * only as an HTTP 409 in its error message, and a missing instance on raise as an error naming
 * it; everything else it throws is treated as transient (answered 503, retried by the source).
 * `getClient` runs on first use only: building a client costs more than routing an alert that
 * joins a running investigation, which needs none.
 */
function investigationClientFrom(getClient: () => DurableClient): InvestigationClient {
  let built: InstanceClient | undefined;
  const durable = (): InstanceClient => (built ??= instanceClient(getClient()));
  return {
    async start(instanceId, input) {
      try {
        await durable().startNew(OrchestratorNames.investigateIncident, { instanceId, input });
        return 'started';
      } catch (error) {
        if (error instanceof Error && /status code: 409/.test(error.message)) return 'exists';
        throw transient(`starting ${instanceId}`, error);
      }
    },
    async raise(instanceId, eventName, payload) {
      try {
        await durable().raiseEvent(instanceId, eventName, payload);
        return 'raised';
      } catch (error) {
        if (error instanceof Error && /No instance with ID/.test(error.message)) return 'notFound';
        throw transient(`raising ${eventName} on ${instanceId}`, error);
      }
    },
    async status(instanceId) {
      let status: Awaited<ReturnType<InstanceClient['getStatus']>>;
      try {
        status = await durable().getStatus(instanceId, { showInput: false });
      } catch (error) {
        if (error instanceof Error && /HTTP 404 response/.test(error.message)) return undefined;
        throw transient(`reading the status of ${instanceId}`, error);
      }
      return status.runtimeStatus ? String(status.runtimeStatus) : undefined;
    },
    async countActive() {
      try {
        const statuses = await durable().getStatusBy({ runtimeStatus: ACTIVE_STATUSES.map((s) => s as df.OrchestrationRuntimeStatus) });
        // An investigation that has delivered its report and only counts joined alerts uses no capacity.
        return statuses.filter((s) => s.name === OrchestratorNames.investigateIncident && !pastReport(s.customStatus)).length;
      } catch (error) {
        throw transient('counting active investigations', error);
      }
    },
  };
}

function pastReport(customStatus: unknown): boolean {
  const status = investigationStatusSchema.safeParse(customStatus);
  return status.success && ['monitoring', 'resolved', 'completed'].includes(status.data.phase);
}

/** The durable client input every ingest function declares in `extraInputs`. */
const durableClientInput = df.input.durableClient();

export { investigationClientFrom, durableClientInput, ACTIVE_STATUSES };
export type { InvestigationClient };
