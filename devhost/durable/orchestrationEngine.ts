import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import type { LoadedApp } from '../appLoader';
import { ActivityRunner } from './activityRunner';
import { DurableTimers } from './durableTimers';
import type { Logger } from '../logger';
import { executionStartedEvent, runEpisode, type Dispatch } from './episode';
import { EventType, completedTaskId, historyEvent, type HistoryEvent } from './historyEvents';
import { invokeOrchestrator } from './orchestratorInvocation';
import { newInboxMessage, TaskHubStore, type InboxMessage, type InstanceState, type RuntimeStatus } from './taskHubStore';

/** An instance as this process holds it: the single writer keeps it in step with storage. */
interface LiveInstance {
  state: InstanceState;
  history: HistoryEvent[];
  inbox: InboxMessage[];
  busy: boolean;
  again: boolean;
}

/** Why a management call could not act on an instance. */
type ManagementOutcome = 'accepted' | 'notFound' | 'gone';

const TERMINAL: ReadonlySet<RuntimeStatus> = new Set(['Completed', 'Failed', 'Terminated']);

interface EngineOptions {
  app: LoadedApp;
  store: TaskHubStore;
  logger: Logger;
  /** host.json `extensions.durableTask.maxConcurrentActivityFunctions`. @default 10 × cores */
  maxConcurrentActivities?: number;
}

/**
 * Runs orchestrations of a loaded app with the real durable-functions replay code: every
 * episode feeds the orchestrator its recorded history plus new events, records what it
 * scheduled, and dispatches activities, timers and sub-orchestrations. State lives in the task
 * hub table, so a killed process resumes every instance from its last committed episode.
 */
class OrchestrationEngine {
  private readonly live = new Map<string, LiveInstance>();
  private readonly timers = new DurableTimers();
  private readonly waiters = new Map<string, Array<() => void>>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopped = false;
  private readonly activities: ActivityRunner;

  public constructor(private readonly options: EngineOptions) {
    this.activities = new ActivityRunner(
      options.app,
      options.logger,
      options.maxConcurrentActivities ?? 10 * cpus().length,
      (name) => this.functionType(name) === 'activityTrigger',
      (work) => this.track(work),
    );
  }

  /** Recovers every unfinished instance: re-dispatches outstanding work and processes its inbox. */
  public async start(): Promise<void> {
    const states = await this.options.store.listStates();
    for (const state of states.filter((s) => !TERMINAL.has(s.status))) {
      const instance = await this.load(state.instanceId);
      if (!instance) continue;
      this.options.logger.log('information', `recovering orchestration ${state.name} (${state.status})`, { instanceId: state.instanceId });
      await this.redispatch(instance);
      this.kick(state.instanceId);
    }
  }

  /** Stops timers and new work; waits for running activities and episodes to settle. */
  public async stop(): Promise<void> {
    this.stopped = true;
    this.timers.stop();
    this.activities.stop();
    await Promise.allSettled([...this.inFlight]);
  }

  public isOrchestrator(name: string): boolean {
    return this.functionType(name) === 'orchestrationTrigger';
  }

  /** Starts an instance; throws `InstanceConflictError` if one with this id is still running. */
  public async startNew(name: string, instanceId: string | undefined, input: unknown, parent?: { instanceId: string; executionId: string; taskId: number }): Promise<string> {
    const id = instanceId ?? randomUUID().replace(/-/g, '');
    const existing = await this.load(id);
    if (existing) {
      if (!TERMINAL.has(existing.state.status)) throw new InstanceConflictError(id, existing.state.status);
      await this.purge(id);
    }
    const now = new Date();
    const state: InstanceState = {
      instanceId: id,
      name,
      executionId: randomUUID(),
      status: 'Pending',
      input: input ?? null,
      output: null,
      customStatus: null,
      createdTime: now.toISOString(),
      lastUpdatedTime: now.toISOString(),
      parentInstanceId: parent?.instanceId,
      parentExecutionId: parent?.executionId,
      parentTaskId: parent?.taskId,
      historyLength: 0,
      nextId: 0,
      scheduled: [],
      pending: {},
      canceledTimers: [],
    };
    const first = newInboxMessage(executionStartedEvent(state, now), state.executionId);
    if (!(await this.options.store.createInstance(state, first))) throw new InstanceConflictError(id, 'Pending');
    this.live.set(id, { state, history: [], inbox: [first], busy: false, again: false });
    this.options.logger.log('information', `started orchestration ${name}`, { instanceId: id });
    this.kick(id);
    return id;
  }

  public async raiseEvent(instanceId: string, name: string, data: unknown): Promise<ManagementOutcome> {
    const instance = await this.load(instanceId);
    if (!instance) return 'notFound';
    if (TERMINAL.has(instance.state.status)) return 'gone';
    await this.enqueue(instance, historyEvent('EventRaised', { Name: name, Input: JSON.stringify(data ?? null) }));
    return 'accepted';
  }

  public async terminate(instanceId: string, reason: string): Promise<ManagementOutcome> {
    return this.changeStatus(instanceId, (state) => {
      state.status = 'Terminated';
      state.output = reason;
      for (const id of Object.keys(state.pending)) this.timers.clear(instanceId, Number(id));
      state.pending = {};
    });
  }

  public async suspend(instanceId: string, reason: string): Promise<ManagementOutcome> {
    return this.changeStatus(instanceId, (state) => {
      state.status = 'Suspended';
      this.options.logger.log('information', `suspended: ${reason}`, { instanceId });
    });
  }

  public async resume(instanceId: string, reason: string): Promise<ManagementOutcome> {
    const outcome = await this.changeStatus(instanceId, (state) => {
      if (state.status === 'Suspended') state.status = 'Running';
      this.options.logger.log('information', `resumed: ${reason}`, { instanceId });
    });
    if (outcome === 'accepted') this.kick(instanceId);
    return outcome;
  }

  public async getState(instanceId: string): Promise<{ state: InstanceState; history: HistoryEvent[] } | undefined> {
    const instance = await this.load(instanceId);
    return instance && { state: instance.state, history: instance.history };
  }

  public async listStates(): Promise<InstanceState[]> {
    const stored = await this.options.store.listStates();
    return stored.map((s) => this.live.get(s.instanceId)?.state ?? s);
  }

  public async purge(instanceId: string): Promise<boolean> {
    const instance = this.live.get(instanceId);
    if (instance) for (const id of Object.keys(instance.state.pending)) this.timers.clear(instanceId, Number(id));
    this.live.delete(instanceId);
    return this.options.store.purge(instanceId);
  }

  /** Resolves when the instance reaches a terminal status (for tests and the demo). */
  public async waitForTerminal(instanceId: string, timeoutMs: number): Promise<InstanceState> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const instance = await this.load(instanceId);
      if (instance && TERMINAL.has(instance.state.status)) return instance.state;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`instance ${instanceId} did not finish within ${timeoutMs} ms (status ${instance?.state.status ?? 'unknown'})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(remaining, 250));
        const list = this.waiters.get(instanceId) ?? [];
        list.push(() => {
          clearTimeout(timer);
          resolve();
        });
        this.waiters.set(instanceId, list);
      });
    }
  }

  private functionType(name: string): string | undefined {
    const fn = this.options.app.core.functions.get(name.toLowerCase());
    const trigger = fn ? Object.values(fn.metadata.bindings).find((b) => b.direction === 'in' && String(b.type).endsWith('Trigger')) : undefined;
    return trigger?.type ?? undefined;
  }

  private async load(instanceId: string): Promise<LiveInstance | undefined> {
    const cached = this.live.get(instanceId);
    if (cached) return cached;
    const state = await this.options.store.getState(instanceId);
    if (!state) return undefined;
    const [history, inbox] = await Promise.all([this.options.store.getHistory(state), this.options.store.getInbox(instanceId)]);
    const instance = this.live.get(instanceId) ?? { state, history, inbox, busy: false, again: false };
    this.live.set(instanceId, instance);
    return instance;
  }

  private async changeStatus(instanceId: string, change: (state: InstanceState) => void): Promise<ManagementOutcome> {
    const instance = await this.load(instanceId);
    if (!instance) return 'notFound';
    if (TERMINAL.has(instance.state.status)) return 'gone';
    const next = structuredClone(instance.state);
    change(next);
    next.lastUpdatedTime = new Date().toISOString();
    await this.options.store.saveState(next);
    instance.state = next;
    this.notifyWaiters(instanceId);
    return 'accepted';
  }

  /**
   * Queues an event for an instance. Events from outside (raised events) are written to storage
   * before the caller is answered. Completions of work the host itself scheduled (activities,
   * timers, sub-orchestrations) stay in memory: after a crash, recovery re-derives them from the
   * committed `pending` work, re-running an activity whose completion was not yet recorded, which
   * the at-least-once contract of activities allows. It saves a storage write per activity.
   */
  private async enqueue(instance: LiveInstance, event: HistoryEvent, executionId?: string): Promise<void> {
    const message =
      event.EventType === EventType.EventRaised
        ? await this.options.store.enqueue(instance.state.instanceId, event, executionId)
        : newInboxMessage(event, executionId);
    instance.inbox.push(message);
    this.kick(instance.state.instanceId);
  }

  /** Processes an instance's inbox until it is empty; one processing loop per instance at a time. */
  private kick(instanceId: string): void {
    if (this.stopped) return;
    const instance = this.live.get(instanceId);
    if (!instance) return;
    if (instance.busy) {
      instance.again = true;
      return;
    }
    instance.busy = true;
    const work = (async () => {
      try {
        do {
          instance.again = false;
          while (!this.stopped && instance.inbox.length > 0 && !TERMINAL.has(instance.state.status) && instance.state.status !== 'Suspended') {
            await this.episode(instance);
          }
        } while (instance.again && !this.stopped);
      } catch (error) {
        this.options.logger.log('error', `orchestration episode failed: ${error instanceof Error ? error.message : String(error)}`, { instanceId });
        setTimeout(() => this.kick(instanceId), 1000).unref();
      } finally {
        instance.busy = false;
      }
    })();
    this.track(work);
  }

  private async episode(instance: LiveInstance): Promise<void> {
    const { state } = instance;
    const log = this.options.logger.child({ instanceId: state.instanceId, function: state.name });
    const began = performance.now();
    const result = await runEpisode(state, instance.history, instance.inbox, new Date(), (history, current) => invokeOrchestrator(this.options.app, this.options.logger, current, history));
    const replayed = performance.now();
    const followUp: InboxMessage[] = [];
    if (result.completion?.kind === 'continuedAsNew') {
      followUp.push(newInboxMessage(executionStartedEvent(result.state, new Date()), result.state.executionId));
    }
    const consumed = new Set(result.consumed);
    const consumedRows = instance.inbox.filter((m) => m.persisted && consumed.has(m.rowKey)).map((m) => m.rowKey);
    await this.options.store.commitEpisode(result.state, result.newEvents, consumedRows, followUp);
    instance.inbox = [...instance.inbox.filter((m) => !consumed.has(m.rowKey)), ...followUp];
    instance.history = result.completion?.kind === 'continuedAsNew' ? [] : [...instance.history, ...result.newEvents];
    instance.state = result.state;
    log.log('debug', 'episode committed', {
      delivered: result.consumed.length,
      newEvents: result.newEvents.length,
      historyLength: result.state.historyLength,
      replayMs: round(replayed - began),
      commitMs: round(performance.now() - replayed),
    });
    if (result.completion) {
      log.log(result.completion.kind === 'failed' ? 'error' : 'information', `orchestration ${result.completion.kind}`, {
        ...(result.completion.kind === 'failed' ? { error: result.completion.error } : {}),
      });
      if (result.completion.kind !== 'continuedAsNew') await this.notifyParent(result.state);
    }
    this.dispatch(instance, result.dispatch);
    this.notifyWaiters(state.instanceId);
  }

  private dispatch(instance: LiveInstance, dispatch: Dispatch): void {
    const { instanceId, executionId } = instance.state;
    for (const id of dispatch.canceledTimers) this.timers.clear(instanceId, id);
    for (const activity of dispatch.activities) this.runActivity(instanceId, executionId, activity.id, activity.name, activity.input);
    for (const timer of dispatch.timers) this.armTimer(instanceId, executionId, timer.id, timer.fireAt);
    for (const child of dispatch.children) this.track(this.ensureChild(instance, child.id, child.name, child.instanceId, child.input));
  }

  /** After a restart: restarts activities with no recorded completion, re-arms timers, checks children. */
  private async redispatch(instance: LiveInstance): Promise<void> {
    const answered = new Set(instance.inbox.map((m) => completedTaskId(m.event)).filter((id) => id !== undefined));
    const { instanceId, executionId } = instance.state;
    for (const [key, work] of Object.entries(instance.state.pending)) {
      const id = Number(key);
      if (answered.has(id)) continue;
      if (work.kind === 'activity') this.runActivity(instanceId, executionId, id, work.name!, work.input);
      else if (work.kind === 'timer') this.armTimer(instanceId, executionId, id, work.fireAt!);
      else await this.ensureChild(instance, id, work.name!, work.childInstanceId!, work.input);
    }
  }

  private runActivity(instanceId: string, executionId: string, id: number, name: string, input: unknown): void {
    this.activities.run(instanceId, id, name, input, async (event) => {
      const instance = await this.load(instanceId);
      if (instance && instance.state.executionId === executionId) await this.enqueue(instance, event, executionId);
    });
  }

  private armTimer(instanceId: string, executionId: string, id: number, fireAt: string): void {
    this.timers.arm(instanceId, id, fireAt, () =>
      this.track(
        (async () => {
          const instance = await this.load(instanceId);
          if (!instance || instance.state.executionId !== executionId || !(String(id) in instance.state.pending)) return;
          await this.enqueue(instance, historyEvent('TimerFired', { TimerId: id, FireAt: fireAt }), executionId);
        })(),
      ),
    );
  }

  /** Creates the child instance if it does not exist yet; if it already finished, re-sends its result. */
  private async ensureChild(parent: LiveInstance, taskId: number, name: string, childId: string, input: unknown): Promise<void> {
    const { instanceId, executionId } = parent.state;
    const child = await this.load(childId);
    const ours = child && child.state.parentInstanceId === instanceId && child.state.parentExecutionId === executionId && child.state.parentTaskId === taskId;
    if (ours) {
      if (TERMINAL.has(child.state.status)) await this.notifyParent(child.state);
      return;
    }
    if (!this.isOrchestrator(name)) {
      await this.enqueue(parent, historyEvent('SubOrchestrationInstanceFailed', { TaskScheduledId: taskId, Reason: `The function '${name}' doesn't exist, is disabled, or is not an orchestrator function.`, Details: '' }), executionId);
      return;
    }
    try {
      await this.startNew(name, childId, input, { instanceId, executionId, taskId });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.enqueue(parent, historyEvent('SubOrchestrationInstanceFailed', { TaskScheduledId: taskId, Reason: message, Details: '' }), executionId);
    }
  }

  private async notifyParent(child: InstanceState): Promise<void> {
    if (!child.parentInstanceId || child.parentTaskId === undefined) return;
    const parent = await this.load(child.parentInstanceId);
    if (!parent || parent.state.executionId !== child.parentExecutionId || !(String(child.parentTaskId) in parent.state.pending)) return;
    if (parent.inbox.some((m) => completedTaskId(m.event) === child.parentTaskId)) return;
    const event =
      child.status === 'Completed'
        ? historyEvent('SubOrchestrationInstanceCompleted', { TaskScheduledId: child.parentTaskId, Result: JSON.stringify(child.output ?? null) })
        : historyEvent('SubOrchestrationInstanceFailed', { TaskScheduledId: child.parentTaskId, Reason: String(child.output), Details: '' });
    await this.enqueue(parent, event, child.parentExecutionId);
  }

  private notifyWaiters(instanceId: string): void {
    const list = this.waiters.get(instanceId);
    this.waiters.delete(instanceId);
    for (const wake of list ?? []) wake();
  }

  private track(promise: Promise<unknown>): void {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise));
  }
}

const round = (ms: number): number => Math.round(ms * 100) / 100;

/** Starting an instance whose id is taken by a running instance. */
class InstanceConflictError extends Error {
  public constructor(instanceId: string, status: string) {
    super(`An orchestration with instance id '${instanceId}' already exists and is ${status}.`);
    this.name = 'InstanceConflictError';
  }
}

export { OrchestrationEngine, InstanceConflictError, EventType };
export type { ManagementOutcome, EngineOptions };
