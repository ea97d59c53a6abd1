import { z } from 'zod';
import { createSourceAdapter } from '../../shared/sources';
import { investigationReportSchema, type InvestigationReport } from '../../shared/report/reportSchema';
import type { LoadedAlert, LoadedScenario } from '../logAnalytics/data/scenarioLoader';
import { deliveriesOf, gradeGrouping, type Delivery, type GroupingOutcome, type RoutedAlert } from './alertGrouping';
import type { EvaluationStack } from './evaluationStack';

/** How an alert reaches the app: the real ingest route, or `POST /api/investigations` with a parsed incident. */
type FireRoute = 'ingest' | 'manual';

/** One hypothesis as the progress display and the result table see it. */
interface HypothesisProgress {
  id: string;
  title: string;
  verdict: string | null;
  phase: string | null;
  turns: number;
  toolCalls: number;
}

/** A snapshot of a running investigation (from `GET /api/investigations/{id}`). */
interface InvestigationProgress {
  id: string;
  runtimeStatus: string;
  phase: string | null;
  planId: string | null;
  engine: string | null;
  hypotheses: HypothesisProgress[];
  /** Why the orchestration ended Failed (Durable's output for a failed instance); null otherwise. */
  failure: string | null;
}

/** What running one scenario produced. */
interface ScenarioRun {
  scenarioId: string;
  investigationId: string | null;
  route: FireRoute;
  progress: InvestigationProgress | null;
  report: InvestigationReport | null;
  /** How the scenario's alerts were grouped (ingest route only; the manual route sends the first alert alone). */
  grouping: GroupingOutcome | null;
  /** Set when the run failed before a report existed (HTTP error, investigation failed, timeout). */
  error: string | null;
  elapsedMs: number;
}

/** Phases after which the report exists and nothing more changes for the evaluation. */
const DONE_PHASES = new Set(['monitoring', 'completed', 'resolved']);
const FINAL_RUNTIME = new Set(['Completed', 'Failed', 'Terminated']);

const ingestAnswerSchema = z.object({ results: z.array(z.object({ kind: z.string(), investigationId: z.string().nullish(), disposition: z.string().optional() }).passthrough()) });
const manualAnswerSchema = z.object({ id: z.string() });
const investigationViewSchema = z.object({
  id: z.string(),
  runtimeStatus: z.string(),
  phase: z.string().nullable(),
  planId: z.string().nullable(),
  status: z.object({ engine: z.string().nullable().optional(), deliveries: z.unknown().optional() }).passthrough().nullish().catch(null),
  output: z.unknown(),
  hypotheses: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      verdict: z.string().nullable(),
      progress: z.object({ phase: z.string(), turns: z.number(), toolCalls: z.number() }).nullable(),
    }),
  ),
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What a client needs to reach the devhost: its origin and a function key. */
type StackAddress = Pick<EvaluationStack, 'url' | 'functionKey'>;

async function call(stack: StackAddress, method: 'GET' | 'POST', path: string, body?: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${stack.url}${path}`, {
    method,
    headers: { 'x-functions-key': stack.functionKey, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body } : {}),
  });
  return { status: response.status, text: await response.text() };
}

/** Posts one alert to the ingest route, as an action group would, and returns where it went. */
async function ingestAlert(stack: StackAddress, scenarioId: string, alert: LoadedAlert): Promise<RoutedAlert> {
  const answer = await call(stack, 'POST', '/api/ingest/azure-monitor', JSON.stringify(alert.payload));
  if (answer.status !== 202) throw new Error(`POST /api/ingest/azure-monitor answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  const routed = ingestAnswerSchema.parse(JSON.parse(answer.text)).results.find((r) => r.kind === 'incident' && r.investigationId);
  if (!routed?.investigationId) throw new Error(`the ingest route put ${alert.file} of ${scenarioId} in no investigation: ${answer.text.slice(0, 300)}`);
  return { file: alert.file, investigationId: routed.investigationId, disposition: routed.disposition ?? 'unknown' };
}

/**
 * Sends the scenario's alerts (as the emulator loaded them, so their times are "now") and returns
 * where each went; the first one's investigation is the one graded. `ingest` posts each raw
 * common-alert-schema body to `POST /api/ingest/azure-monitor`, exactly as an action group would,
 * `afterSeconds` after the first; `manual` parses the first alert with the Azure Monitor adapter
 * and posts the incident to `POST /api/investigations` (that route does no grouping).
 */
async function fireScenarioAlerts(stack: EvaluationStack, scenario: LoadedScenario, route: FireRoute): Promise<RoutedAlert[]> {
  if (route === 'ingest') {
    const firstSentAt = performance.now();
    const routed: RoutedAlert[] = [];
    for (const alert of scenario.alerts) {
      const wait = firstSentAt + alert.afterSeconds * 1000 - performance.now();
      if (wait > 0) await sleep(wait);
      routed.push(await ingestAlert(stack, scenario.id, alert));
    }
    return routed;
  }
  const outcomes = await createSourceAdapter('azure-monitor', {}).parse({ url: `${stack.url}/api/ingest/azure-monitor`, headers: { 'content-type': 'application/json' }, rawBody: JSON.stringify(scenario.alert) });
  const incident = outcomes.find((o) => o.kind === 'incident');
  if (incident?.kind !== 'incident') throw new Error(`the alert of ${scenario.id} is not an incident`);
  const answer = await call(stack, 'POST', '/api/investigations', JSON.stringify({ incident: incident.incident }));
  if (answer.status !== 202) throw new Error(`POST /api/investigations answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  return [{ file: scenario.alerts[0]!.file, investigationId: manualAnswerSchema.parse(JSON.parse(answer.text)).id, disposition: 'started' }];
}

/** Reads the write-backs of every investigation the alerts went to, as they stand once the graded one finished. */
async function readDeliveries(stack: StackAddress, investigationIds: ReadonlyArray<string>): Promise<Map<string, Delivery[]>> {
  const entries = await Promise.all(
    investigationIds.map(async (id) => {
      const answer = await call(stack, 'GET', `/api/investigations/${encodeURIComponent(id)}`);
      const status = answer.status === 200 ? investigationViewSchema.parse(JSON.parse(answer.text)).status : null;
      return [id, deliveriesOf(status)] as const;
    }),
  );
  return new Map(entries);
}

/**
 * The failure reason Durable keeps as a failed instance's output: a string on the devhost and on
 * Azure (`Orchestrator function '...' failed: ...`), or an object with a message.
 */
function failureReasonOf(output: unknown): string {
  const text = typeof output === 'string' ? output : typeof (output as { message?: unknown } | null)?.message === 'string' ? (output as { message: string }).message : JSON.stringify(output ?? null);
  return text.length > 500 ? `${text.slice(0, 500)}...` : text;
}

/** Reads an investigation's phase and per-hypothesis progress; `undefined` while it is not visible yet. */
async function readProgress(stack: StackAddress, id: string): Promise<InvestigationProgress | undefined> {
  const answer = await call(stack, 'GET', `/api/investigations/${encodeURIComponent(id)}`);
  if (answer.status === 404) return undefined;
  if (answer.status !== 200) throw new Error(`GET /api/investigations/${id} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  const view = investigationViewSchema.parse(JSON.parse(answer.text));
  return {
    id: view.id,
    runtimeStatus: view.runtimeStatus,
    phase: view.phase,
    planId: view.planId,
    engine: view.status?.engine ?? null,
    hypotheses: view.hypotheses.map((h) => ({ id: h.id, title: h.title, verdict: h.verdict, phase: h.progress?.phase ?? null, turns: h.progress?.turns ?? 0, toolCalls: h.progress?.toolCalls ?? 0 })),
    failure: view.runtimeStatus === 'Failed' ? failureReasonOf(view.output) : null,
  };
}

/** Fetches `report.json`; `undefined` when there is none yet. */
async function readReport(stack: StackAddress, id: string): Promise<InvestigationReport | undefined> {
  const answer = await call(stack, 'GET', `/api/investigations/${encodeURIComponent(id)}/report.json`);
  if (answer.status === 404) return undefined;
  if (answer.status !== 200) throw new Error(`GET report.json of ${id} answered ${answer.status}`);
  return investigationReportSchema.parse(JSON.parse(answer.text));
}

interface RunScenarioOptions {
  route: FireRoute;
  /** Give up after this long. @default 60000 */
  timeoutMs?: number;
  /** How often to poll the investigation. @default 100 */
  pollMs?: number;
  /** Called with every progress snapshot (for a live display). */
  onProgress?: (scenarioId: string, progress: InvestigationProgress) => void;
}

/**
 * Runs one scenario end to end: fires its alert, polls the investigation until its report is
 * written (phase monitoring, completed or resolved) or it fails, and fetches the report.
 * Never throws: a failure is the run's `error`, so one broken scenario does not hide the others.
 */
async function runScenario(stack: EvaluationStack, scenario: LoadedScenario, options: RunScenarioOptions): Promise<ScenarioRun> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? 60_000;
  const run: ScenarioRun = { scenarioId: scenario.id, investigationId: null, route: options.route, progress: null, report: null, grouping: null, error: null, elapsedMs: 0 };
  try {
    const routed = await fireScenarioAlerts(stack, scenario, options.route);
    run.investigationId = routed[0]!.investigationId;
    for (;;) {
      const progress = await readProgress(stack, run.investigationId);
      if (progress) {
        run.progress = progress;
        options.onProgress?.(scenario.id, progress);
        if (progress.runtimeStatus === 'Failed' || progress.runtimeStatus === 'Terminated') {
          throw new Error(`investigation ${run.investigationId} ended ${progress.runtimeStatus}${progress.failure ? `: ${progress.failure}` : ''}`);
        }
        if ((progress.phase && DONE_PHASES.has(progress.phase)) || FINAL_RUNTIME.has(progress.runtimeStatus)) break;
      }
      if (performance.now() - started > timeoutMs) throw new Error(`no report after ${Math.round(timeoutMs / 1000)} s (phase ${progress?.phase ?? 'not started'})`);
      await sleep(options.pollMs ?? 100);
    }
    run.report = (await readReport(stack, run.investigationId)) ?? null;
    if (!run.report) run.error = `investigation ${run.investigationId} finished without a report`;
    if (options.route === 'ingest') {
      const ids = [...new Set(routed.map((r) => r.investigationId))];
      run.grouping = gradeGrouping(routed, scenario.answer.investigations, await readDeliveries(stack, ids));
    }
  } catch (error) {
    run.error = error instanceof Error ? error.message : String(error);
  }
  run.elapsedMs = performance.now() - started;
  return run;
}

/** Runs the scenarios in parallel (the app's concurrency cap and queue decide how many investigate at once). */
async function runScenarios(stack: EvaluationStack, scenarios: ReadonlyArray<LoadedScenario>, options: RunScenarioOptions): Promise<ScenarioRun[]> {
  return Promise.all(scenarios.map((scenario) => runScenario(stack, scenario, options)));
}

/** Picks scenarios by id (all when `ids` is empty); an unknown id is an error naming the known ones. */
function selectScenarios(all: ReadonlyArray<LoadedScenario>, ids: ReadonlyArray<string>): LoadedScenario[] {
  if (ids.length === 0) return [...all];
  return ids.map((id) => {
    const found = all.find((s) => s.id === id || s.id.startsWith(`${id}_`));
    if (!found) throw new Error(`no scenario ${id}; known: ${all.map((s) => s.id).join(', ')}`);
    return found;
  });
}

export { fireScenarioAlerts, readProgress, readReport, runScenario, runScenarios, selectScenarios };
export type { FireRoute, HypothesisProgress, InvestigationProgress, ScenarioRun, RunScenarioOptions };
