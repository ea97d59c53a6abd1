/**
 * Orchestrator actions as durable-functions 3.x returns them in `OrchestratorState.actions`
 * (`durable-functions/lib/src/actions/*`), and the flattening the host applies with replay
 * schema V2: all actions since the execution started, compound tasks expanded depth-first.
 */
const ActionType = {
  CallActivity: 0,
  CallActivityWithRetry: 1,
  CallSubOrchestrator: 2,
  CallSubOrchestratorWithRetry: 3,
  ContinueAsNew: 4,
  CreateTimer: 5,
  WaitForExternalEvent: 6,
  CallEntity: 7,
  CallHttp: 8,
  SignalEntity: 9,
  WhenAny: 11,
  WhenAll: 12,
} as const;

interface RetryOptionsWire {
  firstRetryIntervalInMilliseconds: number;
  maxNumberOfAttempts: number;
  backoffCoefficient?: number;
  maxRetryIntervalInMilliseconds?: number;
  retryTimeoutInMilliseconds?: number;
}

/** One action; fields vary by type as in the library's action classes. */
interface OrchestratorAction {
  actionType: number;
  functionName?: string;
  input?: unknown;
  instanceId?: string;
  retryOptions?: RetryOptionsWire;
  fireAt?: string;
  isCanceled?: boolean;
  externalEventName?: string;
  compoundActions?: OrchestratorAction[];
}

/** What an orchestrator invocation returns (`OrchestratorState`). */
interface OrchestratorStateWire {
  isDone: boolean;
  actions: OrchestratorAction[][];
  output?: unknown;
  error?: string;
  customStatus?: unknown;
  schemaVersion?: number;
}

/** Expands compound actions depth-first, the order in which the library assigns sequence ids. */
function flattenActions(state: OrchestratorStateWire): OrchestratorAction[] {
  const out: OrchestratorAction[] = [];
  const visit = (action: OrchestratorAction): void => {
    if (action.actionType === ActionType.WhenAll || action.actionType === ActionType.WhenAny) {
      for (const child of action.compoundActions ?? []) visit(child);
    } else {
      out.push(action);
    }
  };
  for (const group of state.actions ?? []) for (const action of group) visit(action);
  return out;
}

/** True when the action takes a sequence id (everything but external-event waits and continue-as-new). */
function takesSequenceId(action: OrchestratorAction): boolean {
  return action.actionType !== ActionType.WaitForExternalEvent && action.actionType !== ActionType.ContinueAsNew;
}

/** Delay before retry attempt `attempt + 1` after `attempt` failures (DTFx RetryInterceptor). */
function retryDelayMs(options: RetryOptionsWire, attempt: number): number {
  const backoff = options.backoffCoefficient ?? 1;
  const delay = options.firstRetryIntervalInMilliseconds * Math.pow(backoff, attempt - 1);
  const cap = options.maxRetryIntervalInMilliseconds;
  return cap && cap > 0 ? Math.min(delay, cap) : delay;
}

/** Parses a stringified action input (activity and continue-as-new inputs arrive stringified). */
function parseActionInput(input: unknown): unknown {
  if (typeof input !== 'string') return input ?? null;
  try {
    return JSON.parse(input);
  } catch {
    return input;
  }
}

export { ActionType, flattenActions, takesSequenceId, retryDelayMs, parseActionInput };
export type { OrchestratorAction, OrchestratorStateWire, RetryOptionsWire };
