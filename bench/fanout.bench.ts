/**
 * Fan-out benchmark of the investigation engine: 4 hypotheses tested by Claude in parallel
 * sub-orchestrations should take about as long as the slowest one alone. The real engine runs on
 * the local stack (Azurite, telemetry emulator, devhost with the app in this process) in model
 * mode against the scripted model server (the real Anthropic SDK through ANTHROPIC_BASE_URL);
 * every model turn takes TURN_MS and each hypothesis takes two turns (one telemetry query, then
 * submit_verdict). Prints the hypothesis phase's wall time, the slowest hypothesis, their ratio
 * (target <= 1.15) and one hypothesis alone for comparison.
 *
 *   npm run build && node dist/bench/fanout.bench.js
 */
import { BlobServiceClient } from '@azure/storage-blob';
import { join, resolve } from 'node:path';
import { createSourceAdapter } from '../shared/sources';
import { startEvaluationStack, type EvaluationStack } from '../devhost/evaluation/evaluationStack';
import { readProgress, readReport } from '../devhost/evaluation/runScenario';
import { createLogger } from '../devhost/logger';
import { hypothesisKeyOf, reply, startScriptedModelServer, type RecordedRequest, type ScriptedReply } from '../test/helpers/scriptedModelServer';
import { benchSize, smoke, smokeNote } from './benchSize';

const TURN_MS = benchSize(300, 20);
const TARGET_RATIO = 1.15;
const PLANS_CONTAINER = 'benchplans';
const repoRoot = resolve(__dirname, '..', '..');

/** A plan of `count` hypotheses with no deterministic checks (the model does the work). */
function benchPlan(id: string, count: number): string {
  const hypotheses = Array.from({ length: count }, (_, i) =>
    [
      `  - id: h${i + 1}`,
      `    title: Bench hypothesis ${i + 1}`,
      '    rootCauseCategory: bad_deployment',
      '    guidance: Query the workspace once, then submit a verdict.',
    ].join('\n'),
  );
  return [`id: ${id}`, `title: Fan-out bench (${count})`, 'allowedTools: [log_analytics_query]', 'hypotheses:', ...hypotheses, ''].join('\n');
}

/** Turn 1: one query; turn 2: submit_verdict citing it. The synthesis call gets submit_report. */
function respond(request: RecordedRequest): ScriptedReply {
  const hypothesis = hypothesisKeyOf(request);
  const messages = request.body?.messages ?? [];
  if (!hypothesis) {
    return reply.delayed(TURN_MS, reply.toolUse([{ name: 'submit_report', input: { summary: 'Bench run: every hypothesis answered.', rootCause: 'Bench hypothesis 1.', rootCauseCategory: 'bad_deployment', confidence: 0.5, recommendedActions: [{ action: 'None: this is a benchmark.' }] } }]));
  }
  const assistantTurns = messages.filter((m) => m.role === 'assistant');
  if (assistantTurns.length === 0) {
    return reply.delayed(TURN_MS, reply.toolUse([{ name: 'log_analytics_query', id: `toolu_bench_${hypothesis}_${request.index}`, input: { workspace: 'law-shop-prod', query: 'AppRequests | summarize n = count()', timespan: 'PT1H' } }]));
  }
  const last = JSON.stringify(assistantTurns[assistantTurns.length - 1]!.content);
  const cited = /"id":"(toolu_bench_[^"]+)"/.exec(last)?.[1];
  return reply.delayed(TURN_MS, reply.toolUse([{ name: 'submit_verdict', input: { verdict: 'supported', confidence: 0.6, summary: `Bench verdict for ${hypothesis}.`, evidence: cited ? [cited] : [], gaps: [] } }]));
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Starts an investigation of scenario 01's incident with the named plan and waits for its report. */
async function investigate(stack: EvaluationStack, planId: string): Promise<string> {
  const alert = stack.scenarios.find((s) => s.id.startsWith('01_'))!.alert;
  const outcomes = await createSourceAdapter('azure-monitor', {}).parse({ url: `${stack.url}/api/ingest/azure-monitor`, headers: { 'content-type': 'application/json' }, rawBody: JSON.stringify(alert) });
  const incident = outcomes.find((o) => o.kind === 'incident');
  if (incident?.kind !== 'incident') throw new Error('scenario 01 has no incident');
  const response = await fetch(`${stack.url}/api/investigations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-functions-key': stack.functionKey },
    body: JSON.stringify({ incident: incident.incident, planId }),
  });
  if (response.status !== 202) throw new Error(`POST /api/investigations answered ${response.status}: ${await response.text()}`);
  const { id } = (await response.json()) as { id: string };
  const deadline = Date.now() + 60_000;
  for (;;) {
    const progress = await readProgress(stack, id);
    if (progress?.runtimeStatus === 'Failed') throw new Error(`investigation ${id} failed: ${progress.failure ?? 'no reason recorded'}`);
    if (progress?.phase && ['monitoring', 'completed', 'resolved'].includes(progress.phase)) break;
    if (Date.now() > deadline) throw new Error(`investigation ${id} did not finish in 60 s`);
    await sleep(50);
  }
  const report = await readReport(stack, id);
  if (!report?.modelUsed) throw new Error(`investigation ${id} did not use the model`);
  return id;
}

/** Per hypothesis: first request received to last answer sent, from the model server's records. */
function hypothesisSpans(requests: ReadonlyArray<RecordedRequest>, from: number): Map<string, { start: number; end: number; turns: number }> {
  const spans = new Map<string, { start: number; end: number; turns: number }>();
  for (const request of requests.slice(from)) {
    const key = hypothesisKeyOf(request);
    if (!key || request.answeredAt === undefined) continue;
    const span = spans.get(key) ?? { start: request.receivedAt, end: request.answeredAt, turns: 0 };
    span.start = Math.min(span.start, request.receivedAt);
    span.end = Math.max(span.end, request.answeredAt);
    span.turns++;
    spans.set(key, span);
  }
  return spans;
}

async function measure(stack: EvaluationStack, requests: RecordedRequest[], planId: string): Promise<{ phaseMs: number; slowestMs: number; hypotheses: number; turns: number }> {
  const from = requests.length;
  await investigate(stack, planId);
  const spans = [...hypothesisSpans(requests, from).values()];
  const phaseMs = Math.max(...spans.map((s) => s.end)) - Math.min(...spans.map((s) => s.start));
  const slowestMs = Math.max(...spans.map((s) => s.end - s.start));
  return { phaseMs, slowestMs, hypotheses: spans.length, turns: spans.reduce((sum, s) => sum + s.turns, 0) };
}

async function main(): Promise<void> {
  const server = await startScriptedModelServer({ responder: respond });
  Object.assign(process.env, { ANTHROPIC_API_KEY: 'test', ANTHROPIC_BASE_URL: server.baseURL, PLANS_CONTAINER, ANTHROPIC_MAX_RETRIES: '0' });
  const logger = createLogger((line) => process.stderr.write(line + '\n'), 'error');
  const stack = await startEvaluationStack({ appDir: repoRoot, scenariosDir: join(repoRoot, 'scenarios'), logger });
  try {
    // Plans load on the first investigation, so the overrides only need to exist before it.
    const container = BlobServiceClient.fromConnectionString(process.env.AzureWebJobsStorage!).getContainerClient(PLANS_CONTAINER);
    await container.createIfNotExists();
    for (const [id, count] of [['bench-fanout-4', 4], ['bench-fanout-1', 1]] as const) {
      const text = benchPlan(id, count);
      await container.getBlockBlobClient(`${id}.yaml`).upload(text, Buffer.byteLength(text));
    }
    if (!smoke) await measure(stack, server.requests, 'bench-fanout-1'); // warm-up: code paths, tables, Kusto schema
    const single = await measure(stack, server.requests, 'bench-fanout-1');
    const fanOut = await measure(stack, server.requests, 'bench-fanout-4');
    const ratio = fanOut.phaseMs / fanOut.slowestMs;
    const lines = [
      `fan-out bench: ${fanOut.hypotheses} hypotheses, ${fanOut.turns} model turns of ${TURN_MS} ms (2 per hypothesis: one query, then submit_verdict)`,
      `hypothesis phase (4 in parallel)   ${fanOut.phaseMs.toFixed(0)} ms`,
      `slowest hypothesis                 ${fanOut.slowestMs.toFixed(0)} ms`,
      `ratio phase / slowest              ${ratio.toFixed(3)} (target <= ${TARGET_RATIO})  ${ratio <= TARGET_RATIO ? 'OK' : 'OVER TARGET'}`,
      `one hypothesis alone               ${single.phaseMs.toFixed(0)} ms (4 in parallel / 1 alone = ${(fanOut.phaseMs / single.phaseMs).toFixed(3)})`,
      ...smokeNote(),
    ];
    process.stdout.write(lines.join('\n') + '\n');
    process.exitCode = ratio <= TARGET_RATIO || smoke ? 0 : 1;
  } finally {
    await stack.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`fanout bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
