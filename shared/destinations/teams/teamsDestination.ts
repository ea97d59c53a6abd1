import { resolveSecret } from '../secretReference';
import { DEFAULT_RUNTIME, send, type DestinationRuntime } from '../destinationRuntime';
import type { DeliveryMessage, DeliveryResult } from '../deliveryTypes';
import { delivered, failed, skipped, type DeliveryContext, type Destination } from '../destination';
import { buildTeamsMessage, DELIVERY_REF_ID } from './buildTeamsCard';
import type { TeamsSettings } from './teamsSettings';
import { teamsWorkflowUrl } from './teamsWebhookUrl';

/**
 * Posts Adaptive Cards to a Teams channel through a Workflows webhook: the report card, an
 * approval card, and a resolved card that follows up on the report. The workflow answers 202
 * and posts asynchronously, so success means "accepted by the flow" (its run history tells the
 * rest). A card cannot be looked up afterwards: a crash between the post and the ledger update
 * can post it again (at least once, as the docs state); every post of the same write carries the
 * same marker ({@link DELIVERY_REF_ID}), so a repeat is recognisable.
 */
class TeamsDestination implements Destination {
  public readonly name = 'teams' as const;
  private readonly url: string | undefined;

  public constructor(
    settings: TeamsSettings | undefined,
    private readonly runtime: DestinationRuntime = DEFAULT_RUNTIME,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    if (settings) this.url = teamsWorkflowUrl(resolveSecret('TEAMS_WORKFLOW_URL', settings.TEAMS_WORKFLOW_URL, env), runtime.allowTestHosts).toString();
  }

  public isConfigured(): boolean {
    return this.url !== undefined;
  }

  public async deliver(message: DeliveryMessage, ctx: DeliveryContext): Promise<DeliveryResult> {
    const body = buildTeamsMessage(message, ctx.marker);
    if (!body) return skipped(this.name, ctx, `Teams gets no card for ${message.kind}`);
    if (ctx.completedSteps.has('post')) return delivered(this.name, ctx, 0, 'card');
    const outcome = await send(this.runtime, {
      method: 'POST',
      url: this.url!,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    // The workflow URL carries its signature: never echo it; the vendor message is enough.
    if (!outcome.ok) return failed(this.name, ctx, outcome.attempts, outcome.error);
    await ctx.completeStep('post');
    return delivered(this.name, ctx, outcome.attempts, `card:${message.kind}`);
  }
}

export { TeamsDestination };
