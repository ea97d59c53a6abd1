import { rootCertificates } from 'node:tls';
import { AzureKeyCredential, EventGridPublisherClient } from '@azure/eventgrid';
import type { TokenCredential } from '@azure/identity';
import { ConfigError } from '../../errors';
import { callWithRetry } from '../callWithRetry';
import { DEFAULT_RUNTIME, type DestinationRuntime } from '../destinationRuntime';
import type { DeliveryMessage, DeliveryResult } from '../deliveryTypes';
import { delivered, failed, type DeliveryContext, type Destination } from '../destination';
import { pinnedUrl } from '../hostPinning';
import { HttpCallError, type HttpCallResponse } from '../httpCall';
import { resolveSecret } from '../secretReference';
import { EVENT_GRID_HOSTS, type EventGridPublishSettings } from './eventGridPublishSettings';
import { investigationCloudEvent } from './investigationCloudEvent';

/**
 * Publishes one CloudEvent per message to an Event Grid custom topic with the real
 * `EventGridPublisherClient`, authenticated by topic key (`aeg-sas-key`) or the app identity.
 * The SDK's own retries are off so this module's policy (and attempt count) applies.
 */
class EventGridDestination implements Destination {
  public readonly name = 'event-grid' as const;
  private readonly client: EventGridPublisherClient<'CloudEvent'> | undefined;

  public constructor(
    private readonly settings: EventGridPublishSettings | undefined,
    credential: TokenCredential | undefined,
    private readonly runtime: DestinationRuntime = DEFAULT_RUNTIME,
    env: NodeJS.ProcessEnv = process.env,
    private readonly now: () => Date = () => new Date(),
  ) {
    if (!settings) return;
    const endpoint = pinnedUrl('EVENTGRID_TOPIC_ENDPOINT', settings.EVENTGRID_TOPIC_ENDPOINT, EVENT_GRID_HOSTS, runtime.allowTestHosts);
    // The SDK's HTTP client refuses plain http (allowInsecureConnection), and keys must not travel in clear anyway.
    if (endpoint.protocol !== 'https:') throw new ConfigError('EVENTGRID_TOPIC_ENDPOINT', 'must be an https:// URL');
    const auth = settings.EVENTGRID_TOPIC_KEY ? new AzureKeyCredential(resolveSecret('EVENTGRID_TOPIC_KEY', settings.EVENTGRID_TOPIC_KEY, env)) : credential;
    if (!auth) throw new ConfigError('EVENTGRID_TOPIC_KEY', 'is unset and no Azure credential is available for the app identity');
    this.client = new EventGridPublisherClient(endpoint.toString(), 'CloudEvent', auth, {
      retryOptions: { maxRetries: 0 },
      ...(runtime.extraCa.length > 0 ? { tlsOptions: { ca: [...rootCertificates, ...runtime.extraCa] } } : {}),
    });
  }

  public isConfigured(): boolean {
    return this.client !== undefined;
  }

  public async deliver(message: DeliveryMessage, ctx: DeliveryContext): Promise<DeliveryResult> {
    const event = investigationCloudEvent(message, ctx.idempotencyKey, this.settings!.EVENTGRID_EVENT_SOURCE, this.now());
    const outcome = await callWithRetry((timeoutMs) => this.publish(event, timeoutMs, ctx.signal), this.runtime.policy, ctx.signal, this.runtime.sleep);
    if (!outcome.ok) return failed(this.name, ctx, outcome.attempts, outcome.error);
    return delivered(this.name, ctx, outcome.attempts, `event:${event.id}`);
  }

  /** One publish, mapped onto the status/headers/body shape the retry policy reads. */
  private async publish(event: ReturnType<typeof investigationCloudEvent>, timeoutMs: number, signal?: AbortSignal): Promise<HttpCallResponse> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const abortSignal = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      await this.client!.send([event], { abortSignal });
      return { status: 200, headers: {}, text: '' };
    } catch (error) {
      const rest = error as { name?: string; statusCode?: number; response?: { headers?: { toJSON(): Record<string, string> }; bodyAsText?: string | null } };
      if (typeof rest.statusCode === 'number') {
        return { status: rest.statusCode, headers: rest.response?.headers?.toJSON() ?? {}, text: rest.response?.bodyAsText ?? '' };
      }
      if (timeout.aborted) throw new HttpCallError('timeout', `no response within ${timeoutMs} ms`, { cause: error });
      if (signal?.aborted) throw new HttpCallError('aborted', 'the request was cancelled', { cause: error });
      throw new HttpCallError('network', `publish failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
}

export { EventGridDestination };
