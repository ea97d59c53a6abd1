import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler } from 'durable-functions';
import {
  ActivityNames,
  CountSignalsOutputSchema,
  IncidentResolvedEventSchema,
  InvestigationEvents,
  InvestigationInputSchema,
  OrchestratorNames,
  type InvestigationInput,
} from '../../shared/durable';
import {
  hypothesisInstanceId,
  hypothesisOutputSchema,
  investigationContextSchema,
  investigationOutputSchema,
  investigationStatusSchema,
  persistOutputSchema,
  synthesisOutputSchema,
  type HypothesisOutput,
  type InvestigationContext,
  type InvestigationOutput,
  type InvestigationStatus,
  type SynthesisOutput,
} from '../../shared/investigation';
import { DeliveryResultSchema, type DeliveryResult } from '../../shared/destinations/deliveryTypes';
import type { InvestigationReport, TimelineEntry } from '../../shared/report/reportSchema';
import { investigationPageUrl } from '../../shared/dashboard/dashboardLinks';
import { runOutcome } from '../../shared/scheduler/runOutcome';

const activityRetry = new df.RetryOptions(2000, 3);
activityRetry.backoffCoefficient = 2;

/**
 * Nudges handled per execution of the monitoring loop before it continues as new, which keeps
 * the history, and so the cost of each replay, small. Continuing as new drops events still
 * buffered, which loses nothing: every join, update and resolve is on the signal ledger, which
 * the new execution reads first.
 */
const EVENTS_PER_EXECUTION = 20;

type DeliveryKind = 'investigation-started' | 'report' | 'resolved';

/** Write-back activities scheduled for one step, one task per destination. */
interface PendingWriteBack {
  kind: DeliveryKind;
  destinations: readonly string[];
  tasks: df.Task[];
}

/**
 * Creates one write-back activity task per destination of the plan for a message. Nothing is
 * scheduled until the tasks are yielded (alone, or with other work in a Task.all / Task.any).
 * `undefined` on a dry run or when no destination is configured.
 */
function scheduleWriteBack(
  context: OrchestrationContext,
  input: InvestigationInput,
  investigation: InvestigationContext,
  kind: DeliveryKind,
  report?: InvestigationReport,
): PendingWriteBack | undefined {
  const { destinations, planActions, baseUrl } = investigation.delivery;
  if (input.dryRun || destinations.length === 0) return undefined;
  const id = context.df.instanceId;
  const message = {
    schemaVersion: 1,
    kind,
    investigationId: id,
    incident: input.incident,
    ...(report ? { report } : {}),
    links: { report: investigationPageUrl(baseUrl, id), ...(input.incident.links[0] ? { incident: input.incident.links[0].url } : {}) },
    mode: investigation.plan.mode,
    planActions,
    occurredAt: context.df.currentUtcDateTime.toISOString(),
  };
  const tasks = destinations.map((destination) => context.df.callActivityWithRetry(ActivityNames.writeBack, activityRetry, { schemaVersion: 1, destination, step: kind, message }));
  return { kind, destinations, tasks };
}

/**
 * Waits for every delivery of a step and records each result in the status. A failed delivery
 * is visible there and never fails the investigation, not even when its activity ran out of
 * retries (the ledger was unreachable): that is recorded as a failed delivery too.
 */
function* settleWriteBack(context: OrchestrationContext, status: InvestigationStatus, pending: PendingWriteBack | undefined): Generator<df.Task, void, unknown> {
  if (!pending) return;
  // One at a time, in a fixed order, so a replay yields the same tasks in the same order.
  for (const task of pending.tasks) {
    if (task.isCompleted || task.isFaulted) continue;
    try {
      yield task;
    } catch {
      // Read from the task below.
    }
  }
  const delivered = pending.tasks.map((task, index) => {
    const destination = pending.destinations[index]!;
    if (task.isFaulted) return { step: pending.kind, destination, status: 'failed' as const, detail: task.result instanceof Error ? task.result.message.slice(0, 300) : 'the write-back activity failed' };
    const d: DeliveryResult = DeliveryResultSchema.parse(task.result);
    return { step: pending.kind, destination: d.destination, status: d.status, detail: d.error?.message ?? d.reason ?? d.externalRef ?? null };
  });
  status.deliveries = [...status.deliveries.filter((d) => d.step !== pending.kind), ...delivered];
  context.df.setCustomStatus(status);
}

/** Sends one message to every destination of the plan, in parallel, and records the results. */
function* writeBack(
  context: OrchestrationContext,
  input: InvestigationInput,
  investigation: InvestigationContext,
  status: InvestigationStatus,
  kind: DeliveryKind,
  report?: InvestigationReport,
): Generator<df.Task, void, unknown> {
  const pending = scheduleWriteBack(context, input, investigation, kind, report);
  if (!pending) return;
  try {
    // Schedules every destination at once.
    yield context.df.Task.all(pending.tasks);
  } catch {
    // A failed activity is recorded by settleWriteBack, after the others finished.
  }
  yield* settleWriteBack(context, status, pending);
}

/**
 * One investigation per incident group: match a plan, test every hypothesis in parallel in its
 * own sub-orchestration, synthesise a report the Stop quality gate accepts, persist it, then
 * monitor: alerts of the same group join as signals and a resolve from the source ends it.
 * Deterministic: time from `currentUtcDateTime`, everything else in activities.
 */
const investigateIncidentOrchestrator: OrchestrationHandler = function* (context: OrchestrationContext) {
  const input = InvestigationInputSchema.parse(context.df.getInput());
  if (input.monitoring) {
    const { deadline, status, output, context: saved } = input.monitoring;
    return yield* monitor(context, input, investigationContextSchema.parse(saved), investigationStatusSchema.parse(status), investigationOutputSchema.parse(output), deadline);
  }
  const investigationId = context.df.instanceId;
  const now = (): string => context.df.currentUtcDateTime.toISOString();
  const startedAt = now();
  const timeline: TimelineEntry[] = [{ at: input.incident.firedAt, event: `alert fired: ${input.incident.title}` }, { at: startedAt, event: 'investigation started' }];
  const status: InvestigationStatus = {
    schemaVersion: 1,
    phase: 'planning',
    incidentTitle: input.incident.title,
    source: input.incident.source,
    severity: input.incident.severity,
    service: input.incident.service ?? input.incident.resources[0]?.name ?? null,
    startedAt,
    planId: null,
    engine: null,
    hypotheses: [],
    report: null,
    signals: 1,
    updates: 0,
    resolvedAt: null,
    deliveries: [],
  };
  context.df.setCustomStatus(status);

  const investigation = investigationContextSchema.parse(
    yield context.df.callActivityWithRetry(ActivityNames.prepareInvestigation, activityRetry, {
      schemaVersion: 1,
      investigationId,
      incident: input.incident,
      ...(input.planId ? { planId: input.planId } : {}),
      ...(input.plan ? { plan: input.plan } : {}),
    }),
  );
  const { plan } = investigation;
  timeline.push({ at: now(), event: `plan ${plan.id} selected (${investigation.engine} mode, ${plan.hypotheses.length} hypotheses)` });
  const checkedFirst = investigation.memory?.checkedFirst ?? [];
  if (checkedFirst.length > 0) timeline.push({ at: now(), event: `checked first, as a similar past incident confirmed their category: ${checkedFirst.join(', ')}` });
  Object.assign(status, { phase: 'investigating', planId: plan.id, engine: investigation.engine, hypotheses: plan.hypotheses.map((h) => ({ id: h.id, title: h.title, verdict: null })) });
  context.df.setCustomStatus(status);

  // The "investigation started" notice goes out alongside the hypotheses, never in front of them:
  // a slow or unreachable destination (and its retries) must not delay the diagnosis. One
  // Task.any schedules both and resumes when either is done (replay sees the same order).
  // A scheduled run is not news until it finds something: it sends no started notice.
  const startedNotice = input.task ? undefined : scheduleWriteBack(context, input, investigation, 'investigation-started');
  const fanOut = context.df.Task.all(
    plan.hypotheses.map((hypothesis) =>
      context.df.callSubOrchestrator(
        OrchestratorNames.runHypothesis,
        { schemaVersion: 1, investigationId, hypothesisId: hypothesis.id, incident: input.incident, context: investigation, dryRun: input.dryRun },
        hypothesisInstanceId(investigationId, hypothesis.id),
      ),
    ),
  );
  if (startedNotice) {
    yield context.df.Task.any([context.df.Task.all(startedNotice.tasks), fanOut]);
    // Whatever finished first, the status shows the notices that are already done.
    if (startedNotice.tasks.every((task) => task.isCompleted || task.isFaulted)) yield* settleWriteBack(context, status, startedNotice);
  }
  const outputs = (yield fanOut) as unknown[];
  const hypotheses: HypothesisOutput[] = outputs.map((output) => hypothesisOutputSchema.parse(output));
  for (const { verdict } of hypotheses) {
    timeline.push({ at: now(), event: `hypothesis ${verdict.hypothesisId}: ${verdict.verdict} (${verdict.confidence.toFixed(2)})` });
    status.hypotheses = status.hypotheses.map((h) => (h.id === verdict.hypothesisId ? { ...h, verdict: verdict.verdict } : h));
  }
  status.phase = 'synthesizing';
  context.df.setCustomStatus(status);

  let feedback: string[] = [];
  let synthesis: SynthesisOutput | undefined;
  for (let attempt = 1; ; attempt++) {
    synthesis = synthesisOutputSchema.parse(
      yield context.df.callActivityWithRetry(ActivityNames.synthesizeReport, activityRetry, {
        schemaVersion: 1,
        investigationId,
        incident: input.incident,
        context: investigation,
        hypotheses,
        timeline,
        startedAt,
        finishedAt: now(),
        feedback,
        attempt,
        // Usage of every earlier attempt, so the report counts retries too.
        ...(synthesis ? { synthesisUsage: synthesis.synthesisUsage } : {}),
      }),
    );
    if (synthesis.gate.accepted) break;
    timeline.push({ at: now(), event: `quality gate rejected the report: ${synthesis.gate.reasons.join('; ')}` });
    feedback = synthesis.gate.reasons;
  }
  status.phase = 'persisting';
  context.df.setCustomStatus(status);
  const persisted = persistOutputSchema.parse(
    yield context.df.callActivityWithRetry(ActivityNames.persistReport, activityRetry, { schemaVersion: 1, investigationId, report: synthesis.report }),
  );
  const { report } = synthesis;
  yield* remember(context, input, report);
  status.report = {
    ...persisted,
    summary: report.summary,
    confidence: report.confidence,
    rootCauseCategory: report.rootCauseCategory,
    costUsd: report.usage.costUsd,
    durationMs: report.timings.durationMs,
  };
  // The report follows the started notice everywhere (a thread shows them in order): wait for
  // any notice still on its way, then post the report.
  yield* settleWriteBack(context, status, startedNotice);
  const quietlyHealthy = input.task && !input.task.postWhenHealthy && runOutcome(hypotheses.map((h) => h.verdict.verdict)) === 'healthy';
  if (!quietlyHealthy) yield* writeBack(context, input, investigation, status, 'report', report);
  const output: InvestigationOutput = {
    schemaVersion: 1,
    investigationId,
    planId: plan.id,
    engine: investigation.engine,
    summary: report.summary,
    rootCauseCategory: report.rootCauseCategory,
    confidence: report.confidence,
    report: persisted,
    signals: status.signals,
    resolvedAt: null,
  };
  if (input.task) {
    // A scheduled run has no alert group to follow: it ends with its report.
    status.phase = 'completed';
    context.df.setCustomStatus(status);
    return output;
  }
  // Alerts of the group keep joining until the group window (counted from the start) closes.
  const deadline = new Date(Math.max(context.df.currentUtcDateTime.getTime(), Date.parse(startedAt) + investigation.monitorMinutes * 60_000)).toISOString();
  return yield* monitor(context, input, investigation, status, output, deadline);
};

/**
 * Records the conclusion in incident memory (docs/memory.md). A scheduled run is not an incident,
 * so it is not remembered; a failure to record is not a reason to fail the investigation.
 */
function* remember(context: OrchestrationContext, input: InvestigationInput, report: InvestigationReport): Generator<df.Task, void, unknown> {
  if (input.task) return;
  try {
    yield context.df.callActivityWithRetry(ActivityNames.rememberIncident, activityRetry, { schemaVersion: 1, incident: input.incident, report });
  } catch {
    // The report is persisted; the next investigation just does not recall this one.
  }
}

/** Records the resolve in the incident's memory (docs/memory.md); like {@link remember}, never a reason to fail. */
function* rememberResolved(context: OrchestrationContext, input: InvestigationInput, resolvedAt: string | null): Generator<df.Task, void, unknown> {
  if (input.task || resolvedAt === null) return;
  try {
    yield context.df.callActivityWithRetry(ActivityNames.rememberResolve, activityRetry, { schemaVersion: 1, investigationId: context.df.instanceId, resolvedAt });
  } catch {
    // The resolve is in the status and the write-back; the memory only misses its time.
  }
}

function resolve(status: InvestigationStatus, resolvedAt: string): void {
  status.resolvedAt = resolvedAt;
  status.phase = 'resolved';
}

/**
 * Reads the investigation's signal ledger: alerts that joined (plus the one that opened it),
 * updates from the source, and its resolve. A failed read keeps the last figures: they are
 * information, not a reason to fail, and the ledger is read again on the next nudge and at the end.
 */
function* readSignals(context: OrchestrationContext, input: InvestigationInput, status: InvestigationStatus): Generator<df.Task, void, unknown> {
  try {
    const ledger = CountSignalsOutputSchema.parse(
      yield context.df.callActivityWithRetry(ActivityNames.countSignals, activityRetry, {
        schemaVersion: 1,
        instanceId: context.df.instanceId,
        source: input.incident.source,
        investigationKey: input.incident.investigationKey,
      }),
    );
    status.signals = 1 + ledger.joined;
    // Absent from outputs recorded before updates were on the ledger: keep the count carried in the status.
    if (ledger.updates !== undefined) status.updates = ledger.updates;
    if (ledger.resolvedAt) resolve(status, ledger.resolvedAt);
  } catch {
    // Read again on the next nudge and before the investigation ends.
  }
}

/**
 * After the report: follow the group until the source resolves the incident or the monitoring
 * window ends. Joins, updates and the resolve are on the signal ledger; the Durable events only
 * say when to read it. The first execution of this phase continues as new at once, so the
 * investigation's own history is not replayed on every nudge, and each later one after
 * {@link EVENTS_PER_EXECUTION} nudges.
 */
function* monitor(
  context: OrchestrationContext,
  input: InvestigationInput,
  investigation: InvestigationContext,
  status: InvestigationStatus,
  output: InvestigationOutput,
  deadline: string,
): Generator<df.Task, InvestigationOutput, unknown> {
  const continueAsNew = (): InvestigationOutput => {
    context.df.setCustomStatus(status);
    context.df.continueAsNew({ ...input, monitoring: { deadline, status, output, context: investigation } });
    return output;
  };
  if (!input.monitoring) {
    status.phase = 'monitoring';
    return continueAsNew();
  }
  context.df.setCustomStatus(status);
  yield* readSignals(context, input, status);
  for (let handled = 0; status.phase === 'monitoring' && handled < EVENTS_PER_EXECUTION; handled++) {
    context.df.setCustomStatus(status);
    const timer = context.df.createTimer(new Date(deadline));
    const signal = context.df.waitForExternalEvent(InvestigationEvents.signal);
    const update = context.df.waitForExternalEvent(InvestigationEvents.updated);
    const resolved = context.df.waitForExternalEvent(InvestigationEvents.resolved);
    if ((yield context.df.Task.any([signal, update, resolved, timer])) === timer) {
      status.phase = 'completed';
      // Alerts that joined, and a resolve that came, after the last nudge.
      yield* readSignals(context, input, status);
      break;
    }
    timer.cancel();
    yield* readSignals(context, input, status);
    // The ledger has the resolve before the event is raised; its payload counts only if the read
    // failed, and one that does not parse (raised by hand, another version) is left to the ledger.
    const payload = resolved.isCompleted ? IncidentResolvedEventSchema.pick({ resolvedAt: true }).safeParse(resolved.result) : undefined;
    if (payload?.success && status.phase === 'monitoring') resolve(status, payload.data.resolvedAt);
  }
  if (status.phase === 'monitoring') return continueAsNew();
  if (status.phase === 'resolved') {
    yield* rememberResolved(context, input, status.resolvedAt);
    yield* writeBack(context, input, investigation, status, 'resolved');
  }
  context.df.setCustomStatus(status);
  return { ...output, signals: status.signals, resolvedAt: status.resolvedAt };
}

df.app.orchestration(OrchestratorNames.investigateIncident, investigateIncidentOrchestrator);

export { investigateIncidentOrchestrator };
