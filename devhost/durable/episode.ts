import { randomUUID } from 'node:crypto';
import {
  ActionType,
  flattenActions,
  parseActionInput,
  retryDelayMs,
  takesSequenceId,
  type OrchestratorAction,
  type OrchestratorStateWire,
} from './actions';
import { EventType, completedTaskId, eventTypeName, historyEvent, type HistoryEvent } from './historyEvents';
import type { InboxMessage, InstanceState, PendingWork } from './taskHubStore';

/** What invoking the orchestrator function produced. */
type OrchestratorOutcome = { ok: true; state: OrchestratorStateWire } | { ok: false; error: string; state?: OrchestratorStateWire };

/** Work to start once the episode is committed. */
interface Dispatch {
  activities: Array<{ id: number; name: string; input: unknown }>;
  timers: Array<{ id: number; fireAt: string }>;
  children: Array<{ id: number; name: string; instanceId: string; input: unknown }>;
  canceledTimers: number[];
}

/** How the execution ended in this episode, if it did. */
type Completion =
  | { kind: 'completed'; output: unknown }
  | { kind: 'failed'; error: string }
  | { kind: 'continuedAsNew'; input: unknown };

interface EpisodeResult {
  state: InstanceState;
  newEvents: HistoryEvent[];
  consumed: string[];
  dispatch: Dispatch;
  completion?: Completion;
  /** False when every inbox message was stale (nothing was delivered, no invocation happened). */
  invoked: boolean;
}

/** A message is retry-related when delivering it makes the library hand out a sequence id itself. */
function isRetryRelated(event: HistoryEvent, pending: Record<string, PendingWork>): boolean {
  const id = completedTaskId(event);
  if (id === undefined) return false;
  const work = pending[id];
  if (!work?.retry) return false;
  return work.retry.isRetryTimer === true || event.EventType === EventType.TaskFailed || event.EventType === EventType.SubOrchestrationInstanceFailed;
}

/**
 * Chooses the inbox messages to deliver in one episode. Stale messages (for finished or
 * unknown ids, cancelled timers, or an earlier execution) are consumed without delivery, which
 * makes at-least-once activity completion safe. A retry-related message must be first in its
 * episode: the library allocates a sequence id while processing it, before any id it gives to
 * actions the episode yields, and the host mirrors that order.
 */
function selectMessages(state: InstanceState, inbox: InboxMessage[]): { deliver: InboxMessage[]; drop: InboxMessage[] } {
  const deliver: InboxMessage[] = [];
  const drop: InboxMessage[] = [];
  const seen = new Set<number>();
  for (const message of inbox) {
    if (message.executionId && message.executionId !== state.executionId) {
      drop.push(message);
      continue;
    }
    const id = completedTaskId(message.event);
    if (id !== undefined && (!(String(id) in state.pending) || seen.has(id) || state.canceledTimers.includes(id))) {
      drop.push(message);
      continue;
    }
    if (message.event.EventType === EventType.ExecutionStarted && state.historyLength > 0) {
      drop.push(message);
      continue;
    }
    if (deliver.length > 0 && isRetryRelated(message.event, state.pending)) break;
    deliver.push(message);
    if (id !== undefined) seen.add(id);
  }
  return { deliver, drop };
}

/** Error raised into the orchestration when replay diverges from recorded history. */
function nonDeterminismError(index: number, expected: InstanceState['scheduled'][number] | undefined, actual: OrchestratorAction | undefined): string {
  const describe = (type?: number, name?: string): string =>
    type === undefined ? 'nothing' : `${Object.entries(ActionType).find(([, v]) => v === type)?.[0] ?? type}${name ? ` '${name}'` : ''}`;
  return (
    `Non-Deterministic workflow detected: action #${index} was ${describe(expected?.actionType, expected?.name)} in the recorded history ` +
    `but the orchestrator now produced ${describe(actual?.actionType, actual?.functionName)}. ` +
    'Orchestrator code must make the same calls in the same order on every replay.'
  );
}

/**
 * Runs one episode of an orchestration: delivers selected inbox messages on top of the recorded
 * history, invokes the orchestrator, checks the replayed actions against what was recorded
 * (failing the instance on divergence, as the Durable extension does), and turns new actions
 * into history events and work to dispatch. Pure apart from the `invoke` callback.
 */
async function runEpisode(
  current: InstanceState,
  history: HistoryEvent[],
  inbox: InboxMessage[],
  now: Date,
  invoke: (history: HistoryEvent[], state: InstanceState) => Promise<OrchestratorOutcome>,
): Promise<EpisodeResult> {
  const state: InstanceState = structuredClone(current);
  const dispatch: Dispatch = { activities: [], timers: [], children: [], canceledTimers: [] };
  const { deliver, drop } = selectMessages(state, inbox);
  const consumed = [...deliver, ...drop].map((m) => m.rowKey);
  if (deliver.length === 0) return { state, newEvents: [], consumed, dispatch, invoked: false };

  const delivered = deliver.map((m) => ({ ...m.event, IsPlayed: false }));
  const started = historyEvent('OrchestratorStarted', {}, now);
  const scheduling: HistoryEvent[] = [];
  for (const event of delivered) applyDelivered(event, state, now, scheduling, dispatch);

  const replay = [...history.map((e) => ({ ...e, IsPlayed: true })), started, ...delivered];
  const outcome = await invoke(replay, state);
  const result = outcome.state;
  let completion: Completion | undefined;
  if (result) {
    const divergence = applyActions(result, state, now, scheduling, dispatch);
    if (divergence) completion = { kind: 'failed', error: divergence };
    state.customStatus = result.customStatus ?? state.customStatus ?? null;
  }
  if (!completion) {
    if (!outcome.ok) completion = { kind: 'failed', error: outcome.error };
    else if (outcome.state.isDone) {
      const continueAction = flattenActions(outcome.state).find((a) => a.actionType === ActionType.ContinueAsNew);
      completion = continueAction
        ? { kind: 'continuedAsNew', input: parseActionInput(continueAction.input) }
        : { kind: 'completed', output: outcome.state.output ?? null };
    }
  }
  let newEvents = [started, ...delivered, ...scheduling, historyEvent('OrchestratorCompleted', {}, now)];
  state.historyLength += newEvents.length;
  state.lastUpdatedTime = now.toISOString();
  if (completion) {
    finish(state, completion);
    // A new execution starts from empty history; nothing of this episode is kept.
    if (completion.kind === 'continuedAsNew') newEvents = [];
    dispatch.activities = [];
    dispatch.timers = [];
    dispatch.children = [];
  } else if (state.status === 'Pending') {
    state.status = 'Running';
  }
  return { state, newEvents, consumed, dispatch, completion, invoked: true };
}

/** Updates pending work for a delivered message, mirroring the library's retry id allocation. */
function applyDelivered(event: HistoryEvent, state: InstanceState, now: Date, scheduling: HistoryEvent[], dispatch: Dispatch): void {
  const id = completedTaskId(event);
  if (id === undefined) return;
  const work = state.pending[id];
  delete state.pending[id];
  if (!work?.retry) return;
  const failed = event.EventType === EventType.TaskFailed || event.EventType === EventType.SubOrchestrationInstanceFailed;
  const { retry } = work;
  if (!retry.isRetryTimer && failed) {
    // The library tracks a timer task under the next id; it must fire even after the last attempt.
    const timerId = state.nextId++;
    const exhausted = retry.attempt >= retry.options.maxNumberOfAttempts;
    const fireAt = new Date(now.getTime() + (exhausted ? 0 : retryDelayMs(retry.options, retry.attempt))).toISOString();
    scheduling.push(historyEvent('TimerCreated', { EventId: timerId, FireAt: fireAt }, now));
    state.pending[timerId] = { ...work, kind: 'timer', fireAt, retry: { ...retry, isRetryTimer: true } };
    dispatch.timers.push({ id: timerId, fireAt });
  } else if (retry.isRetryTimer && retry.attempt < retry.options.maxNumberOfAttempts) {
    const attemptId = state.nextId++;
    const next: PendingWork = { ...work, kind: work.childInstanceId ? 'subOrchestration' : 'activity', retry: { ...retry, attempt: retry.attempt + 1, isRetryTimer: false } };
    delete next.fireAt;
    state.pending[attemptId] = next;
    scheduleWork(attemptId, next, now, scheduling, dispatch);
  }
}

function scheduleWork(id: number, work: PendingWork, now: Date, scheduling: HistoryEvent[], dispatch: Dispatch): void {
  if (work.kind === 'activity') {
    scheduling.push(historyEvent('TaskScheduled', { EventId: id, Name: work.name, Input: JSON.stringify(work.input ?? null) }, now));
    dispatch.activities.push({ id, name: work.name!, input: work.input });
  } else if (work.kind === 'subOrchestration') {
    const instanceId = work.childInstanceId!;
    scheduling.push(historyEvent('SubOrchestrationInstanceCreated', { EventId: id, Name: work.name, InstanceId: instanceId, Input: JSON.stringify(work.input ?? null) }, now));
    dispatch.children.push({ id, name: work.name!, instanceId, input: work.input });
  }
}

/** Checks replayed actions against the record and schedules the new ones; returns a divergence message. */
function applyActions(result: OrchestratorStateWire, state: InstanceState, now: Date, scheduling: HistoryEvent[], dispatch: Dispatch): string | undefined {
  const actions = flattenActions(result);
  const known = state.scheduled.length;
  for (let i = 0; i < Math.min(known, actions.length); i++) {
    const expected = state.scheduled[i]!;
    const actual = actions[i]!;
    if (expected.actionType !== actual.actionType || (expected.name ?? undefined) !== (actual.functionName ?? undefined)) {
      return nonDeterminismError(i, expected, actual);
    }
    if (actual.actionType === ActionType.CreateTimer && actual.isCanceled && expected.id !== undefined && state.pending[expected.id]) {
      delete state.pending[expected.id];
      state.canceledTimers.push(expected.id);
      dispatch.canceledTimers.push(expected.id);
    }
  }
  if (actions.length < known && !result.isDone && result.error === undefined) return nonDeterminismError(actions.length, state.scheduled[actions.length], undefined);
  for (const action of actions.slice(known)) {
    const id = takesSequenceId(action) ? state.nextId++ : undefined;
    state.scheduled.push({ actionType: action.actionType, name: action.functionName, id });
    if (id === undefined) continue;
    const retry = action.retryOptions ? { options: action.retryOptions, attempt: 1, firstAttemptAt: now.toISOString() } : undefined;
    switch (action.actionType) {
      case ActionType.CallActivity:
      case ActionType.CallActivityWithRetry: {
        const work: PendingWork = { kind: 'activity', name: action.functionName, input: parseActionInput(action.input), retry };
        state.pending[id] = work;
        scheduleWork(id, work, now, scheduling, dispatch);
        break;
      }
      case ActionType.CallSubOrchestrator:
      case ActionType.CallSubOrchestratorWithRetry: {
        const childInstanceId = action.instanceId || `${state.executionId}:${id}`;
        const work: PendingWork = { kind: 'subOrchestration', name: action.functionName, input: action.input ?? null, childInstanceId, retry };
        state.pending[id] = work;
        scheduleWork(id, work, now, scheduling, dispatch);
        break;
      }
      case ActionType.CreateTimer: {
        const fireAt = new Date(action.fireAt ?? now).toISOString();
        scheduling.push(historyEvent('TimerCreated', { EventId: id, FireAt: fireAt }, now));
        if (action.isCanceled) {
          state.canceledTimers.push(id);
        } else {
          state.pending[id] = { kind: 'timer', fireAt };
          dispatch.timers.push({ id, fireAt });
        }
        break;
      }
      default:
        return `The devhost does not support orchestrator action type ${action.actionType} (durable HTTP and entities are not implemented locally).`;
    }
  }
  return undefined;
}

/** Applies the end of an execution to the state. */
function finish(state: InstanceState, completion: Completion): void {
  state.pending = {};
  if (completion.kind === 'completed') {
    state.status = 'Completed';
    state.output = completion.output;
  } else if (completion.kind === 'failed') {
    state.status = 'Failed';
    state.output = completion.error;
  } else {
    // A new execution of the same instance: fresh history and ids, new input.
    state.status = 'Running';
    state.executionId = randomUUID();
    state.input = completion.input;
    state.output = null;
    state.historyLength = 0;
    state.nextId = 0;
    state.scheduled = [];
    state.canceledTimers = [];
  }
}

/** The ExecutionStarted event that begins an execution. */
function executionStartedEvent(state: InstanceState, now: Date): HistoryEvent {
  return historyEvent('ExecutionStarted', { Name: state.name, Input: JSON.stringify(state.input ?? null) }, now);
}

export { runEpisode, executionStartedEvent, selectMessages, eventTypeName };
export type { EpisodeResult, OrchestratorOutcome, Dispatch, Completion };
