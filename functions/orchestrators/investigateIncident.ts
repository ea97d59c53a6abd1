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
} from '../../shared/investigation';
import { DeliveryResultSchema, type DeliveryResult } from '../../shared/destinations/deliveryTypes';
import type { InvestigationReport, TimelineEntry } from '../../shared/report/reportSchema';

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

/**
 * Sends one message to every destination of the plan, in parallel, and records each result in
 * the status (a failed delivery is visible there and never fails the investigation). Nothing is
 * sent on a dry run or when no destination is configured.
 */
function* writeBack(
  context: OrchestrationContext,
  input: InvestigationInput,
  investigation: InvestigationContext,
  status: InvestigationStatus,
  kind: DeliveryKind,
  report?: InvestigationReport,
): Generator<df.Task, void, unknown> {
  const { destinations, planActions, baseUrl } = investigation.delivery;
  if (input.dryRun || destinations.length === 0) return;
  const id = context.df.instanceId;
  const message = {
    schemaVersion: 1,
    kind,
    investigationId: id,
    incident: input.incident,
    ...(report ? { report } : {}),
    links: { report: `${baseUrl}/api/investigations/${encodeURIComponent(id)}/report.md`, ...(input.incident.links[0] ? { incident: input.incident.links[0].url } : {}) },
    mode: investigation.plan.mode,
    planActions,
    occurredAt: context.df.currentUtcDateTime.toISOString(),
  };
  const results = (yield context.df.Task.all(
    destinations.map((destination) => context.df.callActivityWithRetry(ActivityNames.writeBack, activityRetry, { schemaVersion: 1, destination, step: kind, message })),
  )) as unknown[];
  const delivered: DeliveryResult[] = results.map((r) => DeliveryResultSchema.parse(r));
  status.deliveries = [...status.deliveries.filter((d) => d.step !== kind), ...delivered.map((d) => ({ step: kind, destination: d.destination, status: d.status, detail: d.error?.message ?? d.reason ?? d.externalRef ?? null }))];
  context.df.setCustomStatus(status);
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
    }),
  );
  const { plan } = investigation;
  timeline.push({ at: now(), event: `plan ${plan.id} selected (${investigation.engine} mode, ${plan.hypotheses.length} hypotheses)` });
  Object.assign(status, { phase: 'investigating', planId: plan.id, engine: investigation.engine, hypotheses: plan.hypotheses.map((h) => ({ id: h.id, title: h.title, verdict: null })) });
  context.df.setCustomStatus(status);
  yield* writeBack(context, input, investigation, status, 'investigation-started');

  const outputs = (yield context.df.Task.all(
    plan.hypotheses.map((hypothesis) =>
      context.df.callSubOrchestrator(
        OrchestratorNames.runHypothesis,
        { schemaVersion: 1, investigationId, hypothesisId: hypothesis.id, incident: input.incident, context: investigation, dryRun: input.dryRun },
        hypothesisInstanceId(investigationId, hypothesis.id),
      ),
    ),
  )) as unknown[];
  const hypotheses: HypothesisOutput[] = outputs.map((output) => hypothesisOutputSchema.parse(output));
  for (const { verdict } of hypotheses) {
    timeline.push({ at: now(), event: `hypothesis ${verdict.hypothesisId}: ${verdict.verdict} (${verdict.confidence.toFixed(2)})` });
    status.hypotheses = status.hypotheses.map((h) => (h.id === verdict.hypothesisId ? { ...h, verdict: verdict.verdict } : h));
  }
  status.phase = 'synthesizing';
  context.df.setCustomStatus(status);

  let feedback: string[] = [];
  let synthesis;
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
  status.report = { ...persisted, summary: report.summary, confidence: report.confidence };
  yield* writeBack(context, input, investigation, status, 'report', report);
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
  // Alerts of the group keep joining until the group window (counted from the start) closes.
  const deadline = new Date(Math.max(context.df.currentUtcDateTime.getTime(), Date.parse(startedAt) + investigation.monitorMinutes * 60_000)).toISOString();
  return yield* monitor(context, input, investigation, status, output, deadline);
};

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
  if (status.phase === 'resolved') yield* writeBack(context, input, investigation, status, 'resolved');
  context.df.setCustomStatus(status);
  return { ...output, signals: status.signals, resolvedAt: status.resolvedAt };
}

df.app.orchestration(OrchestratorNames.investigateIncident, investigateIncidentOrchestrator);

export { investigateIncidentOrchestrator };
