#!/usr/bin/env node
import { join } from 'node:path';
import { isModelConfigured } from '../shared/llm/createModelClient';
import { llmSettings } from '../shared/llm/llmSettings';
import { parseDemoOptions, type DemoOptions } from './demo/demoOptions';
import { createProgressDisplay } from './demo/progressDisplay';
import { formatReportSummary } from './demo/reportSummary';
import { awaitTaskRun, DEMO_TASK, formatTaskRun, startTaskRun } from './demo/scheduledRun';
import { cardPreviewExcerpt, formatWriteBackPreview, writeWriteBackPreview, type WriteBackPreview } from './demo/writeBackPreview';
import { startEvaluationStack, type EvaluationStack } from './evaluation/evaluationStack';
import { runScenario, selectScenarios, type ScenarioRun } from './evaluation/runScenario';
import { applyLocalSettings } from './localSettings';
import { createLogger, type LogLevel } from './logger';

const out = (text = ''): void => {
  process.stdout.write(text + '\n');
};

/** States plainly whether Claude investigates, before anything runs. */
function engineLine(env: NodeJS.ProcessEnv): string {
  const llm = llmSettings.load(env);
  if (!isModelConfigured(llm)) return 'Engine: deterministic checks from the response plans. No model is used (ANTHROPIC_API_KEY is not set).';
  return `Engine: Claude ${llm.ANTHROPIC_MODEL}${env.ANTHROPIC_BASE_URL ? ` via ${env.ANTHROPIC_BASE_URL}` : ''} investigates each hypothesis (ANTHROPIC_API_KEY is set).`;
}

/** The dashboard, opened with the function key (kept for the browser tab, never sent elsewhere). */
function dashboardUrl(stack: EvaluationStack): string {
  return `${stack.url}/api/dashboard/?code=${stack.functionKey}`;
}

/** Where to look once the reports are in: health, the investigations list, each report, and the keys. */
function whereToLook(stack: EvaluationStack, runs: ReadonlyArray<ScenarioRun>): string[] {
  const lines = [
    'Where to look:',
    `  dashboard       ${dashboardUrl(stack)}`,
    `  health          ${stack.url}/api/health?code=${stack.functionKey}`,
    `  investigations  ${stack.url}/api/investigations?code=${stack.functionKey}`,
    `  incidents       ${stack.url}/api/incidents?code=${stack.functionKey}`,
  ];
  for (const run of runs) {
    if (run.investigationId) lines.push(`  ${run.scenarioId.padEnd(30)} ${stack.url}/api/investigations/${encodeURIComponent(run.investigationId)}/report.md?code=${stack.functionKey}`);
  }
  lines.push(`  function key    ${stack.functionKey}   (query ?code= or header x-functions-key)`);
  lines.push(`  master key      ${stack.masterKey}   (admin and Durable management routes)`);
  return lines;
}

/** Runs the demo; resolves with the exit code once the reports are printed (with --once) or after Ctrl+C. */
async function runDemo(options: DemoOptions): Promise<number> {
  applyLocalSettings(options.appDir);
  const logger = createLogger((line) => process.stderr.write(line + '\n'), (process.env.DEVHOST_LOG_LEVEL as LogLevel | undefined) ?? 'error');
  out('Starting Azurite, the telemetry emulator and the devhost...');
  const started = performance.now();
  const stack = await startEvaluationStack({ appDir: options.appDir, scenariosDir: join(options.appDir, 'scenarios'), logger, port: options.port, reuseStorage: options.reuseStorage });
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await stack.close();
  };
  try {
    const scenarios = selectScenarios(stack.scenarios, options.only);
    out(`Devhost at ${stack.url} (ready in ${((performance.now() - started) / 1000).toFixed(1)} s); telemetry emulator with ${stack.scenarios.length} scenario(s).`);
    out(`Dashboard: ${dashboardUrl(stack)}  (open it to watch the investigations live)`);
    out(engineLine(process.env));
    // A scheduled task's run, started by hand (it runs beside the alerts' investigations).
    const taskRun = startTaskRun(stack);
    taskRun.catch(() => undefined);
    out(`Firing ${scenarios.length} alert(s) at ${options.route === 'ingest' ? 'POST /api/ingest/azure-monitor' : 'POST /api/investigations'}...`);
    out();
    const display = createProgressDisplay(scenarios.map((s) => s.id), process.stdout);
    const runs = await Promise.all(
      scenarios.map(async (scenario) => {
        const run = await runScenario(stack, scenario, { route: options.route, onProgress: (id, progress) => display.update(id, progress) });
        display.finish(scenario.id, run.error ? 'failed' : 'report ready');
        return run;
      }),
    );
    display.stop();
    out();
    let firstPreview: WriteBackPreview | undefined;
    for (const run of runs) {
      if (run.report && run.investigationId) {
        out(formatReportSummary(run.scenarioId, run.report, `${stack.url}/api/investigations/${encodeURIComponent(run.investigationId)}/report.md?code=${stack.functionKey}`));
        // What write-back would send for this report (nothing is configured to receive it here).
        const scenario = scenarios.find((s) => s.id === run.scenarioId)!;
        const preview = await writeWriteBackPreview({ outDir: options.outDir, scenarioId: run.scenarioId, alert: scenario.alert, report: run.report, baseUrl: stack.url });
        out(formatWriteBackPreview(preview, options.appDir));
        firstPreview ??= preview;
      } else {
        out(`== ${run.scenarioId}: no report (${run.error ?? 'unknown error'})`);
      }
      out();
    }
    if (firstPreview) {
      out(`The Teams card ${firstPreview.scenarioId} would post (Markdown preview; the JSON is beside it):`);
      out(cardPreviewExcerpt(firstPreview, options.appDir));
      out();
    }
    let taskFailed = 0;
    try {
      const id = await taskRun;
      const report = await awaitTaskRun(stack, id);
      out(formatTaskRun(DEMO_TASK, id, report, `${stack.url}/api/investigations/${encodeURIComponent(id)}/report.md?code=${stack.functionKey}`));
      out(`   the task    ${stack.url}/api/tasks?code=${stack.functionKey}   (run it again: POST /api/tasks/${DEMO_TASK}/run)`);
    } catch (error) {
      taskFailed = 1;
      out(`== scheduled task ${DEMO_TASK}: no result (${error instanceof Error ? error.message : String(error)})`);
    }
    out();
    const failed = runs.filter((r) => !r.report).length;
    out(`${runs.length - failed} report(s) in ${((performance.now() - started) / 1000).toFixed(1)} s. ${engineLine(process.env).replace(/^Engine: /, '')}`);
    out();
    for (const line of whereToLook(stack, runs)) out(line);
    if (options.once) return failed + taskFailed > 0 ? 1 : 0;
    out();
    out('The devhost keeps running: send your own alerts, open the URLs above. Press Ctrl+C to stop.');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    out('Stopping...');
    return failed + taskFailed > 0 ? 1 : 0;
  } finally {
    await close();
  }
}

async function main(): Promise<void> {
  let options: DemoOptions;
  try {
    options = parseDemoOptions(process.argv.slice(2), process.env);
  } catch (error) {
    const usage = (error as { usage?: boolean }).usage === true;
    (usage ? process.stdout : process.stderr).write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(usage ? 0 : 2);
  }
  process.exit(await runDemo(options));
}

main().catch((error: unknown) => {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
