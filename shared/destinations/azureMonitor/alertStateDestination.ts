import type { TokenCredential } from '@azure/identity';
import { z } from 'zod';
import { ConfigError } from '../../errors';
import { baseOf, pinnedUrl } from '../hostPinning';
import { DEFAULT_RUNTIME, send, type DestinationRuntime } from '../destinationRuntime';
import type { DeliveryMessage, DeliveryResult } from '../deliveryTypes';
import { delivered, failed, skipped, type DeliveryContext, type Destination } from '../destination';
import { azureAlertIdOf } from '../targets';
import { ARM_HOSTS, type AlertStateSettings } from './alertStateSettings';

/** The stable Alerts Management version: `newState` as a query parameter, no body. */
const CHANGESTATE_API_VERSION = '2019-03-01';

const ALERT_ID = /^\/subscriptions\/[^/]+(\/resourceGroups\/[^/]+)?\/providers\/Microsoft\.AlertsManagement\/alerts\/[^/]+$/i;
const AlertSchema = z.object({ properties: z.object({ essentials: z.object({ alertState: z.string() }).loose() }).loose() }).loose();

/**
 * Acknowledges or closes the Azure Monitor alert through the Alerts Management changestate API.
 * Off unless AZURE_ALERTS_CHANGESTATE_ENABLED and the plan asks; closing only in autonomous mode.
 * Setting a state is idempotent, so no marker is needed; a retry after a crash or a lost answer
 * still reads the alert first and does not set a state it already has.
 */
class AlertStateDestination implements Destination {
  public readonly name = 'azure-monitor' as const;
  private readonly base: string | undefined;
  private readonly scope: string;

  public constructor(
    settings: AlertStateSettings | undefined,
    private readonly credential: TokenCredential | undefined,
    private readonly runtime: DestinationRuntime = DEFAULT_RUNTIME,
  ) {
    this.scope = 'https://management.azure.com/.default';
    if (settings?.AZURE_ALERTS_CHANGESTATE_ENABLED) {
      const url = pinnedUrl('AZURE_ALERTS_ARM_ENDPOINT', settings.AZURE_ALERTS_ARM_ENDPOINT, ARM_HOSTS, runtime.allowTestHosts);
      // A bearer token never travels over plain http, test host or not.
      if (url.protocol !== 'https:') throw new ConfigError('AZURE_ALERTS_ARM_ENDPOINT', 'must be https: it receives an Azure access token');
      this.base = baseOf(url);
      if ((ARM_HOSTS as readonly string[]).includes(url.hostname)) this.scope = `${url.origin}/.default`;
    }
  }

  public isConfigured(): boolean {
    return this.base !== undefined && this.credential !== undefined;
  }

  public async deliver(message: DeliveryMessage, ctx: DeliveryContext): Promise<DeliveryResult> {
    const actions = message.planActions['azure-monitor'];
    const newState =
      message.kind === 'investigation-started' && actions.acknowledge
        ? 'Acknowledged'
        : (message.kind === 'report' || message.kind === 'resolved') && actions.close && message.mode === 'autonomous'
          ? 'Closed'
          : undefined;
    if (!newState) return skipped(this.name, ctx, `the plan asks for no alert state change on ${message.kind}${actions.close && message.mode !== 'autonomous' ? ' (closing needs autonomous mode)' : ''}`);
    const alertId = azureAlertIdOf(message);
    if (!alertId || !ALERT_ID.test(alertId)) return skipped(this.name, ctx, 'the incident has no Azure Monitor alert id');

    let token: string;
    try {
      const accessToken = await this.credential!.getToken(this.scope, ctx.signal ? { abortSignal: ctx.signal } : {});
      if (!accessToken) throw new Error('the credential returned no token');
      token = accessToken.token;
    } catch (error) {
      return failed(this.name, ctx, 0, { code: 'auth', message: `could not get a Resource Manager token: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`, retryable: true });
    }
    const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
    let attempts = 0;
    // Setting a state is idempotent (a repeat changes nothing), but it is also cheap to look up:
    // after a crash or a lost answer, read the alert (Alerts - Get By Id) and skip a state it already has.
    const alreadySet = async (): Promise<boolean> => {
      const read = await send(this.runtime, { method: 'GET', url: `${this.base}${alertId}?api-version=${CHANGESTATE_API_VERSION}`, headers, ...(ctx.signal ? { signal: ctx.signal } : {}) });
      attempts += read.attempts;
      return read.ok && AlertSchema.safeParse(safeJson(read.response.text)).data?.properties.essentials.alertState === newState;
    };
    if (ctx.recovering && (await alreadySet())) return delivered(this.name, ctx, attempts, `alertState:${newState}`);
    const query = new URLSearchParams({ 'api-version': CHANGESTATE_API_VERSION, newState }).toString();
    const outcome = await send(
      this.runtime,
      { method: 'POST', url: `${this.base}${alertId}/changestate?${query}`, headers, ...(ctx.signal ? { signal: ctx.signal } : {}) },
      alreadySet,
    );
    attempts += outcome.attempts;
    if (!outcome.ok) return failed(this.name, ctx, attempts, outcome.error);
    if (outcome.alreadyApplied) return delivered(this.name, ctx, attempts, `alertState:${newState}`);
    const alert = AlertSchema.safeParse(safeJson(outcome.response.text));
    return delivered(this.name, ctx, attempts, `alertState:${alert.data?.properties.essentials.alertState ?? newState}`);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export { AlertStateDestination, CHANGESTATE_API_VERSION };
