/** setTimeout's ceiling (about 24.8 days); longer timers wait in steps. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * The in-memory side of durable timers: each `TimerCreated` in history gets a process timer
 * that fires at `fireAt`, however far away. Timers are keyed by instance and sequence id so a
 * cancelled (`Task.any` loser) or terminated one can be cleared; after a restart the engine
 * arms them again from the committed pending work.
 */
class DurableTimers {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  public arm(instanceId: string, id: number, fireAt: string, onFire: () => void): void {
    const key = `${instanceId}|${id}`;
    const schedule = (): void => {
      if (this.stopped) return;
      const delay = Math.max(0, new Date(fireAt).getTime() - Date.now());
      this.timers.set(
        key,
        setTimeout(() => {
          if (delay > MAX_TIMEOUT_MS) return schedule();
          this.timers.delete(key);
          onFire();
        }, Math.min(delay, MAX_TIMEOUT_MS)),
      );
    };
    schedule();
  }

  public clear(instanceId: string, id: number): void {
    const key = `${instanceId}|${id}`;
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  public stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}

export { DurableTimers };
