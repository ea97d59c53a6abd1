import type { DurableClient } from 'durable-functions';
import { recordIdInUrl } from '../ids';

/** The Durable client operations the app uses, with instance ids that are safe in their URLs. */
type InstanceClient = Pick<DurableClient, 'getStatus' | 'getStatusBy' | 'startNew' | 'raiseEvent' | 'terminate'>;

/**
 * Wraps a Durable client so every instance id, event name and reason it puts into a URL is
 * checked and percent-encoded first. The durable-functions library pastes them into its request
 * URLs as they are, so an id holding `%`, `/` or `..` would fail the request or name another
 * instance; the host decodes each path segment, so an encoded id reaches it unchanged.
 *
 * Each call rejects with a ValidationError (400) when an id is not a record id (see `shared/ids`).
 */
function instanceClient(client: DurableClient): InstanceClient {
  return {
    getStatus: async (instanceId, options) => client.getStatus(recordIdInUrl('instanceId', instanceId), options),
    getStatusBy: async (filter) => client.getStatusBy(filter),
    startNew: async (name, options) => client.startNew(name, options?.instanceId ? { ...options, instanceId: recordIdInUrl('instanceId', options.instanceId) } : options),
    raiseEvent: async (instanceId, eventName, eventData, options) => client.raiseEvent(recordIdInUrl('instanceId', instanceId), recordIdInUrl('eventName', eventName), eventData, options),
    terminate: async (instanceId, reason) => client.terminate(recordIdInUrl('instanceId', instanceId), encodeURIComponent(reason)),
  };
}

export { instanceClient };
export type { InstanceClient };
