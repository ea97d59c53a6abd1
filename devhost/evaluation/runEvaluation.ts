import { evaluateRun, type EvaluationResult } from './evaluationResult';
import type { EvaluationStack } from './evaluationStack';
import { runScenarios, selectScenarios, type FireRoute, type InvestigationProgress, type ScenarioRun } from './runScenario';

interface RunEvaluationOptions {
  /** Scenario ids (or their `NN` prefixes); all loaded scenarios when empty. */
  only?: ReadonlyArray<string>;
  route: FireRoute;
  timeoutMs?: number;
  onProgress?: (scenarioId: string, progress: InvestigationProgress) => void;
}

/** What one evaluation produced: a result per scenario, plus the engine and wall time of the whole run. */
interface EvaluationRun {
  results: EvaluationResult[];
  /** The raw runs, reports included, in the same order. */
  runs: ScenarioRun[];
  /** `model` when Claude investigated, `deterministic` otherwise, `mixed`/`unknown` when runs disagree or none reported. */
  engine: string;
  wallMs: number;
}

/** Runs the chosen scenarios on a started stack, all at once, and scores each report against its answer key. */
async function runEvaluation(stack: EvaluationStack, options: RunEvaluationOptions): Promise<EvaluationRun> {
  const scenarios = selectScenarios(stack.scenarios, options.only ?? []);
  const started = performance.now();
  const runs = await runScenarios(stack, scenarios, { route: options.route, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  const results = runs.map((run, i) => evaluateRun(run, scenarios[i]!));
  const engines = new Set(results.map((r) => r.engine).filter((e): e is string => e !== null));
  return { results, runs, engine: engines.size === 1 ? [...engines][0]! : engines.size === 0 ? 'unknown' : 'mixed', wallMs: Math.round(performance.now() - started) };
}

export { runEvaluation };
export type { RunEvaluationOptions, EvaluationRun };
