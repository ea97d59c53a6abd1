#!/usr/bin/env node
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { applyLocalSettings } from '../localSettings';
import { createLogger, type LogLevel } from '../logger';
import { evaluationMetrics, formatResultsTable, metricsLines, summaryLine, type EvaluationResult } from './evaluationResult';
import { startEvaluationStack } from './evaluationStack';
import { runEvaluation, type EvaluationRun } from './runEvaluation';
import { compareSecondRun, secondRunLines } from './secondRun';
import type { FireRoute } from './runScenario';

interface EvalCliOptions {
  appDir: string;
  scenariosDir: string;
  only: string[];
  route: FireRoute;
  /** File for the JSON results (default `eval-results/eval-<time>.json`); `-` prints JSON to stdout instead of the table. */
  json: string | undefined;
  timeoutMs: number;
  /** Folder to write every report (`<scenario>.json`) into. */
  reportsDir: string | undefined;
  /** Reuse `.devhost/azurite` instead of fresh storage (`--reuse-storage`). */
  reuseStorage: boolean;
  /** Run the scenarios a second time on the same storage and compare (`--twice`). */
  twice: boolean;
}

const USAGE = `usage: npm run eval -- [--only 01,05] [--json <file>|-] [--route ingest|manual] [--timeout <seconds>] [--reports <dir>] [--app <dir>] [--scenarios <dir>] [--reuse-storage] [--twice]

Runs every bundled scenario's alert through the local stack (Azurite, telemetry emulator, devhost),
scores each report against the scenario's answer.yaml (graded 100 / 65 / 35 / 0 and pass/fail),
prints the mean graded score, pass rate and Brier score, writes them with every result to a JSON
file (default eval-results/eval-<time>.json, path printed) and ends with "N passed, N failed".
Deterministic checks without ANTHROPIC_API_KEY; Claude when it is set (ANTHROPIC_BASE_URL honoured).
Every run starts on fresh in-memory storage; --reuse-storage keeps .devhost/azurite between runs.
--twice runs the scenarios again on the same storage once the first run is done, so the second
run can recall the first (incident memory, docs/memory.md), and prints each second run's time and
tool calls against the first, whether its report was "seen before" the first and whether the
previously confirmed cause was checked first. Both runs go through POST /api/investigations (the
ingest route would take the second alert for a duplicate of the first).
`;

function parseArgs(argv: ReadonlyArray<string>): EvalCliOptions {
  const options: EvalCliOptions = { appDir: process.cwd(), scenariosDir: '', only: [], route: 'ingest', json: undefined, timeoutMs: 60_000, reportsDir: undefined, reuseStorage: false, twice: false };
  let routeGiven = false;
  const value = (i: number, flag: string): string => {
    const v = argv[i];
    if (v === undefined) throw new Error(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--only') options.only.push(...value(++i, arg).split(',').map((s) => s.trim()).filter(Boolean));
    else if (arg === '--json') options.json = value(++i, arg);
    else if (arg === '--route') {
      const route = value(++i, arg);
      if (route !== 'ingest' && route !== 'manual') throw new Error(`--route must be ingest or manual, not ${route}`);
      options.route = route;
      routeGiven = true;
    } else if (arg === '--timeout') options.timeoutMs = Number(value(++i, arg)) * 1000;
    else if (arg === '--reports') options.reportsDir = resolve(value(++i, arg));
    else if (arg === '--app') options.appDir = resolve(value(++i, arg));
    else if (arg === '--scenarios') options.scenariosDir = resolve(value(++i, arg));
    else if (arg === '--reuse-storage') options.reuseStorage = true;
    else if (arg === '--twice') options.twice = true;
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  if (!(options.timeoutMs > 0)) throw new Error('--timeout must be a positive number of seconds');
  if (options.twice) {
    if (routeGiven && options.route === 'ingest') throw new Error('--twice fires through POST /api/investigations: the ingest route would take the second alert for a duplicate');
    options.route = 'manual';
  }
  options.scenariosDir ||= join(options.appDir, 'scenarios');
  return options;
}

/** `npm run eval`: exit code 0 when every scenario passed, 1 otherwise (2 when the stack could not run). */
async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  applyLocalSettings(options.appDir);
  // The host's own log lines would bury the table: errors only, to stderr, unless asked for.
  const logger = createLogger((line) => process.stderr.write(line + '\n'), (process.env.DEVHOST_LOG_LEVEL as LogLevel | undefined) ?? 'error');
  const startedAt = new Date().toISOString();
  const stack = await startEvaluationStack({ appDir: options.appDir, scenariosDir: options.scenariosDir, logger, reuseStorage: options.reuseStorage });
  let results: EvaluationResult[];
  try {
    const evaluate = (): Promise<EvaluationRun> => runEvaluation(stack, { only: options.only, route: options.route, timeoutMs: options.timeoutMs });
    const run = await evaluate();
    const second = options.twice ? await evaluate() : undefined;
    if (options.reportsDir) {
      mkdirSync(options.reportsDir, { recursive: true });
      for (const r of run.runs) if (r.report) writeFileSync(join(options.reportsDir, `${r.scenarioId}.json`), JSON.stringify(r.report, null, 2) + '\n');
      for (const r of second?.runs ?? []) if (r.report) writeFileSync(join(options.reportsDir, `${r.scenarioId}.second.json`), JSON.stringify(r.report, null, 2) + '\n');
    }
    const metrics = evaluationMetrics(run.results);
    const comparisons = second ? run.runs.map((r, i) => compareSecondRun({ run: r, result: run.results[i]! }, { run: second.runs[i]!, result: second.results[i]! })) : undefined;
    results = [...run.results, ...(second?.results ?? [])];
    const document = {
      startedAt,
      engine: run.engine,
      route: options.route,
      wallMs: run.wallMs,
      summary: summaryLine(run.results),
      metrics,
      results: run.results,
      ...(second && comparisons ? { secondRun: { wallMs: second.wallMs, summary: summaryLine(second.results), metrics: evaluationMetrics(second.results), results: second.results, comparisons } } : {}),
    };
    if (options.json === '-') {
      process.stdout.write(JSON.stringify(document, null, 2) + '\n');
    } else {
      const jsonPath = options.json ?? join(options.appDir, 'eval-results', `eval-${startedAt.replace(/[:.]/g, '-')}.json`);
      mkdirSync(dirname(jsonPath), { recursive: true });
      writeFileSync(jsonPath, JSON.stringify(document, null, 2) + '\n');
      const engine = run.engine === 'model' ? `Claude (${process.env.ANTHROPIC_MODEL ?? 'default model'})` : run.engine === 'deterministic' ? 'deterministic checks, no model used' : run.engine;
      process.stdout.write(`Evaluation: ${run.results.length} scenario(s), ${engine}, alerts via ${options.route === 'ingest' ? 'POST /api/ingest/azure-monitor' : 'POST /api/investigations'}, ${(run.wallMs / 1000).toFixed(1)} s\n\n`);
      process.stdout.write(formatResultsTable(run.results) + '\n\n');
      process.stdout.write(metricsLines(metrics).join('\n') + '\n');
      if (second && comparisons) {
        process.stdout.write(`\nSecond run, ${(second.wallMs / 1000).toFixed(1)} s\n\n${formatResultsTable(second.results)}\n\n${secondRunLines(comparisons).join('\n')}\n`);
      }
      process.stdout.write(`\nJSON results written to ${jsonPath}\n`);
    }
  } finally {
    await stack.close();
  }
  // The closing line comes after the stack closed, so nothing the app still logs while it shuts
  // down (a late signal nudge of an alert storm) can follow it. With JSON on stdout it goes to
  // stderr, so stdout stays one JSON document.
  (options.json === '-' ? process.stderr : process.stdout).write(`${summaryLine(results)}\n`);
  return results.every((r) => r.passed) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`eval: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
