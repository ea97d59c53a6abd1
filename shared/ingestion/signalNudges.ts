import { InvestigationEvents, type SignalsJoinedEvent } from '../durable';
import type { InvestigationClient } from './investigationClient';

interface Cooling {
  client: InvestigationClient;
  again: boolean;
}

/**
 * Tells running investigations that alerts joined them (the joins themselves are already on the
 * signal ledger when this is called). The first join of a quiet investigation nudges it at once;
 * further joins within the next `intervalMs` are folded into one more nudge at its end, so a storm
 * costs an investigation one event per interval however many alerts join. A nudge that fails
 * is only logged: the investigation counts the ledger again on the next nudge and before it ends.
 */
class SignalNudger {
  private readonly cooling = new Map<string, Cooling>();

  public constructor(private readonly onError: (instanceId: string, error: unknown) => void) {}

  public nudge(client: InvestigationClient, instanceId: string, intervalMs: number): void {
    const current = this.cooling.get(instanceId);
    if (current) {
      current.client = client;
      current.again = true;
      return;
    }
    this.send(client, instanceId, intervalMs);
  }

  private send(client: InvestigationClient, instanceId: string, intervalMs: number): void {
    const state: Cooling = { client, again: false };
    this.cooling.set(instanceId, state);
    const event: SignalsJoinedEvent = { schemaVersion: 1, sentAt: new Date().toISOString() };
    client.raise(instanceId, InvestigationEvents.signal, event).catch((error: unknown) => this.onError(instanceId, error));
    setTimeout(() => {
      this.cooling.delete(instanceId);
      if (state.again) this.send(state.client, instanceId, intervalMs);
    }, intervalMs).unref();
  }
}

export { SignalNudger };
