import { z } from 'zod';
import type { InvestigationReport } from '../../shared/report/reportSchema';
import { runOutcome } from '../../shared/scheduler/runOutcome';
import type { EvaluationStack } from '../evaluation/evaluationStack';
import { readProgress, readReport } from '../evaluation/runScenario';
import { formatReportSummary } from './reportSummary';

/** The bundled task the demo runs now: a health check over the scenario telemetry. */
const DEMO_TASK = 'shop-daily-health';

const runAnswerSchema = z.object({ id: z.string() });

/** Starts a run of the task now (`POST /api/tasks/{id}/run`) and returns its instance id. */
async function startTaskRun(stack: EvaluationStack, taskId = DEMO_TASK): Promise<string> {
  const response = await fetch(`${stack.url}/api/tasks/${taskId}/run`, { method: 'POST', headers: { 'x-functions-key': stack.functionKey } });
  const text = await response.text();
  if (response.status !== 202) throw new Error(`POST /api/tasks/${taskId}/run answered ${response.status}: ${text.slice(0, 300)}`);
  return runAnswerSchema.parse(JSON.parse(text)).id;
}

/** Waits for the run to end and fetches its report. */
async function awaitTaskRun(stack: EvaluationStack, id: string, timeoutMs = 60_000): Promise<InvestigationReport> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const progress = await readProgress(stack, id);
    if (progress?.runtimeStatus === 'Completed') {
      const report = await readReport(stack, id);
      if (report) return report;
    }
    if (progress && ['Failed', 'Terminated'].includes(progress.runtimeStatus)) throw new Error(`the run ${id} ended ${progress.runtimeStatus.toLowerCase()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the run ${id} did not finish within ${timeoutMs / 1000} s`);
}

/** What the demo prints for the run: its outcome (healthy, problem, inconclusive) and the report summary. */
function formatTaskRun(taskId: string, id: string, report: InvestigationReport, reportUrl: string): string {
  const outcome = runOutcome(report.hypotheses.map((h) => h.verdict));
  const findings = report.hypotheses.map((h) => `   ${h.verdict.padEnd(11)} ${h.title}: ${h.summary}`);
  return [`== scheduled task ${taskId}, run now as ${id}: ${outcome}`, ...findings, formatReportSummary(taskId, report, reportUrl).split('\n').slice(1).join('\n')].join('\n');
}

export { DEMO_TASK, startTaskRun, awaitTaskRun, formatTaskRun };
