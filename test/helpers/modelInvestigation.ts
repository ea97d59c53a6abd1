import { randomBytes } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { createSourceAdapter } from '../../shared/sources';
import type { Incident } from '../../shared/incident';
import { loadScenario } from '../../devhost/logAnalytics/data/scenarioLoader';
import { eventually, repoRoot, type DevhostProcess } from './devhostProcess';
import { reply, type RecordedRequest, type ScriptedModelServer, type ScriptedReply } from './scriptedModelServer';
import { join } from 'node:path';

/** A two-hypothesis plan with a two-turn budget, uploaded as a blob override (PLANS_CONTAINER). */
const MODEL_TEST_PLAN = `id: model-test
title: Model test plan
match: { titleContains: "no incident has this title" }
allowedTools: [app_insights_query]
budgets: { perHypothesis: { maxTurns: 2, maxToolCalls: 4 } }
hypotheses:
  - { id: alpha, title: Alpha cause, guidance: Look at requests by version., rootCauseCategory: bad_deployment }
  - { id: beta, title: Beta cause, guidance: Look at dependencies., rootCauseCategory: slow_dependency }
`;

/** Uploads the test plan (and `extraPlans`, file name → YAML) into a fresh container and returns its name. */
async function uploadTestPlan(extraPlans: Record<string, string> = {}): Promise<string> {
  const container = `plans-${randomBytes(4).toString('hex')}`;
  const client = BlobServiceClient.fromConnectionString(process.env.TEST_STORAGE_CONNECTION_STRING!).getContainerClient(container);
  await client.createIfNotExists();
  for (const [name, text] of Object.entries({ 'model-test.yaml': MODEL_TEST_PLAN, ...extraPlans })) {
    await client.getBlockBlobClient(name).upload(text, Buffer.byteLength(text));
  }
  return container;
}

/** Scenario 01's incident, re-anchored to now so the emulator's data falls in the window. */
async function scenarioIncident(id = '01_bad_deployment'): Promise<Incident> {
  const scenario = loadScenario(join(repoRoot, 'scenarios'), id, new Date());
  const [outcome] = await createSourceAdapter('azure-monitor', {}).parse({ url: 'http://localhost', headers: { 'content-type': 'application/json' }, rawBody: JSON.stringify(scenario.alert) });
  if (outcome?.kind !== 'incident') throw new Error(`scenario ${id} alert did not parse into an incident`);
  return outcome.incident;
}

/**
 * Settings for the product app on the devhost with Claude replaced by the scripted server: the
 * telemetry emulator on, test plans from a blob container, and a group window so short that an
 * investigation completes right after its report. Learnings are written from the verdicts: these
 * tests script every model call, and the model-written learning has tests of its own.
 */
function scriptedEngineEnv(server: Pick<ScriptedModelServer, 'baseURL'>, plansContainer: string): Record<string, string> {
  return {
    DEVHOST_TELEMETRY_EMULATOR: 'on',
    ANTHROPIC_API_KEY: 'test-key',
    ANTHROPIC_BASE_URL: server.baseURL,
    PLANS_CONTAINER: plansContainer,
    INGEST_GROUP_WINDOW_MINUTES: '0.001',
    MEMORY_LEARNING_WRITER: 'verdicts',
  };
}

/** Which turn a subagent request is (1 = opening), from the assistant messages it carries. */
function turnOf(request: RecordedRequest): number {
  return (request.body?.messages.filter((m) => m.role === 'assistant').length ?? 0) + 1;
}

function isSynthesis(request: RecordedRequest): boolean {
  return Boolean(request.body?.tools?.some((tool) => tool.name === 'submit_report'));
}

/** A request of the learning writer (shared/memory/learningFromModel.ts), not of a subagent. */
function isLearning(request: RecordedRequest): boolean {
  return Boolean(request.body?.tools?.some((tool) => tool.name === 'submit_learning'));
}

/** A subagent's first turn: one real query against the emulator's App Insights data. */
function queryTurn(hypothesis: string, usage = { input_tokens: 100, output_tokens: 20 }): ScriptedReply {
  return reply.toolUse(
    [{ id: `toolu_${hypothesis}_1`, name: 'app_insights_query', input: { component: 'appi-shop-prod', query: 'AppRequests | summarize total = count() by AppVersion', timespan: 'PT2H' } }],
    { usage },
  );
}

/** A subagent's verdict citing its first query. */
function verdictTurn(hypothesis: string, verdict: 'supported' | 'refuted', usage = { input_tokens: 150, output_tokens: 30 }): ScriptedReply {
  return reply.toolUse(
    [{ name: 'submit_verdict', input: { verdict, confidence: verdict === 'supported' ? 0.9 : 0.7, summary: `${hypothesis} is ${verdict} by the requests per version.`, evidence: [`toolu_${hypothesis}_1`], gaps: [] } }],
    { usage },
  );
}

function reportTurn(actions: Array<{ action: string }>, usage = { input_tokens: 300, output_tokens: 80 }): ScriptedReply {
  return reply.toolUse(
    [
      {
        name: 'submit_report',
        input: { summary: 'Release 2.5.0 fails a quarter of requests.', rootCause: 'Release 2.5.0 broke order creation.', rootCauseCategory: 'bad_deployment', confidence: 0.9, recommendedActions: actions },
      },
    ],
    { usage },
  );
}

/** Starts an investigation of `incident` with the test plan (or `planId`) and returns its id. */
async function startModelInvestigation(host: DevhostProcess, incident: Incident, planId = 'model-test'): Promise<string> {
  const response = await fetch(`${host.url}/api/investigations?code=${host.functionKey}`, { method: 'POST', body: JSON.stringify({ incident, planId }) });
  if (response.status !== 202) throw new Error(`start answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** Waits until the investigation has its report (phase monitoring or later) and returns the report JSON. */
async function waitForReport(host: DevhostProcess, id: string, timeoutMs = 60000): Promise<Record<string, unknown>> {
  return eventually(async () => {
    const response = await fetch(`${host.url}/api/investigations/${id}/report.json?code=${host.functionKey}`);
    return response.status === 200 ? ((await response.json()) as Record<string, unknown>) : undefined;
  }, timeoutMs, 250);
}

export { scriptedEngineEnv, uploadTestPlan, scenarioIncident, turnOf, isSynthesis, isLearning, queryTurn, verdictTurn, reportTurn, startModelInvestigation, waitForReport };
