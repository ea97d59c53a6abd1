import type { LoadedApp } from '../appLoader';
import { fromTypedData, FunctionInvocationError, invokeFunction } from '../invoker';
import type { Logger } from '../logger';
import { historyEvent, type HistoryEvent } from './historyEvents';

/**
 * Runs activity functions with a concurrency limit (host.json
 * `maxConcurrentActivityFunctions`) and turns each outcome into the history event the Durable
 * extension records: `TaskCompleted` with the JSON result, or `TaskFailed` with the extension's
 * reason text (`Activity function '<name>' failed: <message>`).
 */
class ActivityRunner {
  private readonly queue: Array<() => Promise<void>> = [];
  private running = 0;
  private stopped = false;

  public constructor(
    private readonly app: LoadedApp,
    private readonly logger: Logger,
    private readonly maxConcurrent: number,
    private readonly isActivity: (name: string) => boolean,
    private readonly track: (work: Promise<unknown>) => void,
  ) {}

  /** Queues an activity; `onDone` receives its completion event (not called after `stop`). */
  public run(instanceId: string, id: number, name: string, input: unknown, onDone: (event: HistoryEvent) => Promise<void>): void {
    this.queue.push(async () => {
      const event = await this.invoke(instanceId, id, name, input);
      if (!this.stopped) await onDone(event);
    });
    this.pump();
  }

  /** Drops queued activities; running ones finish but report nothing. */
  public stop(): void {
    this.stopped = true;
    this.queue.length = 0;
  }

  private async invoke(instanceId: string, id: number, name: string, input: unknown): Promise<HistoryEvent> {
    try {
      if (!this.isActivity(name)) throw new Error(`The function '${name}' doesn't exist, is disabled, or is not an activity function.`);
      const { returnValue } = await invokeFunction(this.app, name, [{ bindingType: 'activityTrigger', data: { json: JSON.stringify(input ?? null) } }], this.logger.child({ instanceId }));
      return historyEvent('TaskCompleted', { TaskScheduledId: id, Result: JSON.stringify(fromTypedData(returnValue) ?? null) });
    } catch (error) {
      const cause = error instanceof FunctionInvocationError ? error.cause : error;
      const message = cause instanceof Error ? cause.message : String(cause);
      return historyEvent('TaskFailed', {
        TaskScheduledId: id,
        Reason: `Activity function '${name}' failed: ${message}`,
        Details: cause instanceof Error && cause.stack ? cause.stack : message,
      });
    }
  }

  private pump(): void {
    while (!this.stopped && this.running < this.maxConcurrent && this.queue.length > 0) {
      const next = this.queue.shift()!;
      this.running++;
      this.track(
        next()
          .catch((error: unknown) => this.logger.log('error', `activity dispatch failed: ${error instanceof Error ? error.message : String(error)}`))
          .finally(() => {
            this.running--;
            this.pump();
          }),
      );
    }
  }
}

export { ActivityRunner };
