import { z } from 'zod';
import { createSourceAdapter } from '../../shared/sources';
import { investigationReportSchema, type InvestigationReport } from '../../shared/report/reportSchema';
import type { LoadedScenario } from '../logAnalytics/data/scenarioLoader';
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
  status: z.object({ engine: z.string().nullable().optional() }).passthrough().nullish().catch(null),
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

/**
 * Sends the scenario's alert (as the emulator loaded it, so its times are "now") and returns the
 * id of the investigation it started. `ingest` posts the raw common-alert-schema body to
 * `POST /api/ingest/azure-monitor`, exactly as an action group would; `manual` parses it with
 * the Azure Monitor adapter and posts the incident to `POST /api/investigations`.
 */
async function fireScenarioAlert(stack: EvaluationStack, scenario: LoadedScenario, route: FireRoute): Promise<string> {
  const rawBody = JSON.stringify(scenario.alert);
  if (route === 'ingest') {
    const answer = await call(stack, 'POST', '/api/ingest/azure-monitor', rawBody);
    if (answer.status !== 202) throw new Error(`POST /api/ingest/azure-monitor answered ${answer.status}: ${answer.text.slice(0, 300)}`);
    const started = ingestAnswerSchema.parse(JSON.parse(answer.text)).results.find((r) => r.kind === 'incident' && r.investigationId);
    if (!started?.investigationId) throw new Error(`the ingest route started no investigation for ${scenario.id}: ${answer.text.slice(0, 300)}`);
    return started.investigationId;
  }
  const outcomes = await createSourceAdapter('azure-monitor', {}).parse({ url: `${stack.url}/api/ingest/azure-monitor`, headers: { 'content-type': 'application/json' }, rawBody });
  const incident = outcomes.find((o) => o.kind === 'incident');
  if (incident?.kind !== 'incident') throw new Error(`the alert of ${scenario.id} is not an incident`);
  const answer = await call(stack, 'POST', '/api/investigations', JSON.stringify({ incident: incident.incident }));
  if (answer.status !== 202) throw new Error(`POST /api/investigations answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  return manualAnswerSchema.parse(JSON.parse(answer.text)).id;
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
  const run: ScenarioRun = { scenarioId: scenario.id, investigationId: null, route: options.route, progress: null, report: null, error: null, elapsedMs: 0 };
  try {
    run.investigationId = await fireScenarioAlert(stack, scenario, options.route);
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

export { fireScenarioAlert, readProgress, readReport, runScenario, runScenarios, selectScenarios };
export type { FireRoute, HypothesisProgress, InvestigationProgress, ScenarioRun, RunScenarioOptions };
