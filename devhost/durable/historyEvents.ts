/**
 * Durable Task history events in the shape durable-functions 3.x reads
 * (`durable-functions/lib/src/history/*`): PascalCase fields, ISO timestamps, results as JSON
 * strings. Scheduling events carry their sequence id in `EventId`; others use -1.
 */
const EventType = {
  ExecutionStarted: 0,
  ExecutionCompleted: 1,
  ExecutionFailed: 2,
  ExecutionTerminated: 3,
  TaskScheduled: 4,
  TaskCompleted: 5,
  TaskFailed: 6,
  SubOrchestrationInstanceCreated: 7,
  SubOrchestrationInstanceCompleted: 8,
  SubOrchestrationInstanceFailed: 9,
  TimerCreated: 10,
  TimerFired: 11,
  OrchestratorStarted: 12,
  OrchestratorCompleted: 13,
  EventSent: 14,
  EventRaised: 15,
  ContinueAsNew: 16,
} as const;

type EventTypeName = keyof typeof EventType;

/** One history event. Extra fields depend on the type (Name, Input, Result, TaskScheduledId...). */
interface HistoryEvent {
  EventType: number;
  EventId: number;
  IsPlayed: boolean;
  Timestamp: string;
  Name?: string;
  Input?: string;
  Result?: string;
  Reason?: string;
  Details?: string;
  TaskScheduledId?: number;
  TimerId?: number;
  FireAt?: string;
  InstanceId?: string;
}

function historyEvent(type: EventTypeName, fields: Partial<HistoryEvent> = {}, at: Date = new Date()): HistoryEvent {
  return { EventType: EventType[type], EventId: -1, IsPlayed: false, Timestamp: at.toISOString(), ...fields };
}

/** Names events in logs and determinism errors. */
function eventTypeName(type: number): string {
  return (Object.entries(EventType).find(([, value]) => value === type)?.[0] as string | undefined) ?? `Unknown(${type})`;
}

/** True for the events that complete or fail a scheduled task, timer or sub-orchestration. */
function completedTaskId(event: HistoryEvent): number | undefined {
  switch (event.EventType) {
    case EventType.TaskCompleted:
    case EventType.TaskFailed:
    case EventType.SubOrchestrationInstanceCompleted:
    case EventType.SubOrchestrationInstanceFailed:
      return event.TaskScheduledId;
    case EventType.TimerFired:
      return event.TimerId;
    default:
      return undefined;
  }
}

export { EventType, historyEvent, eventTypeName, completedTaskId };
export type { HistoryEvent, EventTypeName };
