import type { LoadedApp } from '../appLoader';
import { fromTypedData, invokeFunction, FunctionInvocationError } from '../invoker';
import type { Logger } from '../logger';
import type { OrchestratorStateWire } from './actions';
import type { OrchestratorOutcome } from './episode';
import type { HistoryEvent } from './historyEvents';
import type { InstanceState } from './taskHubStore';

/** How durable-functions appends its state to the error of a failed orchestrator. */
const OUT_OF_PROC_LABEL = '\n\n$OutOfProcData$:';

/**
 * Runs one replay of an orchestrator as the Durable extension does with replay schema V2: the
 * `orchestrationTrigger` binding carries the whole history, and the function answers its state
 * (actions scheduled so far, done or not, output, custom status). A failed orchestrator's state
 * comes back inside the error message, after {@link OUT_OF_PROC_LABEL}.
 */
async function invokeOrchestrator(app: LoadedApp, logger: Logger, state: InstanceState, history: HistoryEvent[]): Promise<OrchestratorOutcome> {
  const binding = {
    history,
    input: state.input,
    instanceId: state.instanceId,
    isReplaying: history.some((e) => e.IsPlayed),
    parentInstanceId: state.parentInstanceId ?? null,
    upperSchemaVersion: 1,
    longRunningTimerIntervalDuration: '3.00:00:00',
    maximumShortTimerDuration: '6.00:00:00',
    defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
  };
  try {
    const { returnValue } = await invokeFunction(app, state.name, [{ bindingType: 'orchestrationTrigger', data: { json: JSON.stringify(binding) } }], logger.child({ instanceId: state.instanceId }));
    return { ok: true, state: fromTypedData(returnValue) as OrchestratorStateWire };
  } catch (error) {
    const cause = error instanceof FunctionInvocationError ? error.cause : error;
    const message = cause instanceof Error ? cause.message : String(cause);
    const labelAt = message.indexOf(OUT_OF_PROC_LABEL);
    if (labelAt >= 0) {
      const wire = JSON.parse(message.slice(labelAt + OUT_OF_PROC_LABEL.length)) as OrchestratorStateWire;
      return { ok: false, error: `Orchestrator function '${state.name}' failed: ${wire.error ?? message.slice(0, labelAt)}`, state: wire };
    }
    return { ok: false, error: `Orchestrator function '${state.name}' failed: ${message}` };
  }
}

export { invokeOrchestrator };
