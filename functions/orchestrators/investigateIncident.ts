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
 * Events handled per execution of the monitoring loop before continuing as new, which keeps the
 * history bounded. High on purpose: continue-as-new discards external events still buffered in
 * the old execution, so it must only happen in a storm far beyond what one group normally sees
 * (joined alerts arrive as nudges, one per few seconds at most, so 1,000 events is a long storm). Every
 * alert stays on the index and the signal ledger.
 */
const EVENTS_PER_EXECUTION = 1000;

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
        { schemaVersion: 1, investigationId, hypothesisId: hypothesis.id, incident: input.incident, context: investigation },
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

/**
 * Counts the alerts on the investigation's signal ledger (joined alerts, plus the one that opened
 * it). A failed count keeps the last one: the count is information, not a reason to fail.
 */
function* countSignals(context: OrchestrationContext, input: InvestigationInput, status: InvestigationStatus): Generator<df.Task, void, unknown> {
  try {
    const counted = CountSignalsOutputSchema.parse(
      yield context.df.callActivityWithRetry(ActivityNames.countSignals, activityRetry, {
        schemaVersion: 1,
        instanceId: context.df.instanceId,
        source: input.incident.source,
        investigationKey: input.incident.investigationKey,
      }),
    );
    status.signals = 1 + counted.joined;
  } catch {
    // Counted again on the next nudge and before the investigation ends.
  }
}

/**
 * After the report: count alerts of the same group and source updates until the source resolves
 * the incident or the monitoring window ends. Joined alerts are on the signal ledger; a nudge
 * (and the end) makes the investigation count them. Events that arrived during the
 * investigation were held by Durable and are handled here first.
 */
function* monitor(
  context: OrchestrationContext,
  input: InvestigationInput,
  investigation: InvestigationContext,
  status: InvestigationStatus,
  output: InvestigationOutput,
  deadline: string,
): Generator<df.Task, InvestigationOutput, unknown> {
  status.phase = 'monitoring';
  yield* countSignals(context, input, status);
  for (let handled = 0; handled < EVENTS_PER_EXECUTION; handled++) {
    context.df.setCustomStatus(status);
    const timer = context.df.createTimer(new Date(deadline));
    const signal = context.df.waitForExternalEvent(InvestigationEvents.signal);
    const update = context.df.waitForExternalEvent(InvestigationEvents.updated);
    const resolved = context.df.waitForExternalEvent(InvestigationEvents.resolved);
    const winner = yield context.df.Task.any([signal, update, resolved, timer]);
    if (winner === timer) {
      status.phase = 'completed';
      break;
    }
    timer.cancel();
    if (winner === signal) yield* countSignals(context, input, status);
    else if (winner === update) status.updates++;
    else {
      status.resolvedAt = IncidentResolvedEventSchema.parse(resolved.result).resolvedAt;
      status.phase = 'resolved';
      break;
    }
  }
  if (status.phase === 'monitoring') {
    // Many events: start a fresh execution with the counts so history stays short.
    context.df.continueAsNew({ ...input, monitoring: { deadline, status, output, context: investigation } });
    return output;
  }
  // Alerts that joined after the last nudge are counted before the end.
  yield* countSignals(context, input, status);
  if (status.phase === 'resolved') yield* writeBack(context, input, investigation, status, 'resolved');
  context.df.setCustomStatus(status);
  return { ...output, signals: status.signals, resolvedAt: status.resolvedAt };
}

df.app.orchestration(OrchestratorNames.investigateIncident, investigateIncidentOrchestrator);

export { investigateIncidentOrchestrator };
