import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import type { Incident } from '../../shared/incident';
import { eventually, type DevhostProcess } from './devhostProcess';
import { reply, type RecordedRequest, type ScriptedReply } from './scriptedModelServer';

/**
 * Fixtures for the governance end-to-end suites: rules, hooks and hook scripts written to a temp
 * folder at test time (passed to the devhost by absolute path), one-hypothesis plans uploaded as
 * a blob override, and small readers for the approvals, audit and status routes.
 */

/** Files a suite needs on disk; `scripts` are written executable next to the hooks file. */
interface GovernanceFilesInput {
  rules: string;
  hooks?: string;
  scripts?: Record<string, string>;
  /** Extra files (e.g. knowledge) in a `knowledge/` subfolder. */
  knowledge?: Record<string, string>;
}

interface GovernanceFiles {
  dir: string;
  rulesFile: string;
  hooksFile?: string;
  knowledgeDir: string;
}

/** Writes the rules, hooks, hook scripts and knowledge files into a fresh temp folder. */
function writeGovernanceFiles(input: GovernanceFilesInput): GovernanceFiles {
  const dir = mkdtempSync(join(tmpdir(), 'governance-e2e-'));
  const rulesFile = join(dir, 'rules.yaml');
  writeFileSync(rulesFile, input.rules);
  let hooksFile: string | undefined;
  if (input.hooks !== undefined) {
    hooksFile = join(dir, 'hooks.yaml');
    writeFileSync(hooksFile, input.hooks);
  }
  for (const [name, text] of Object.entries(input.scripts ?? {})) {
    const path = join(dir, name);
    writeFileSync(path, text);
    chmodSync(path, 0o755);
  }
  const knowledgeDir = mkdtempSync(join(dir, 'knowledge-'));
  for (const [name, text] of Object.entries(input.knowledge ?? {})) writeFileSync(join(knowledgeDir, name), text);
  return { dir, rulesFile, ...(hooksFile ? { hooksFile } : {}), knowledgeDir };
}

/** A two-turn plan whose hypothesis ids tell the scripted model which scenario each subagent plays. */
interface GovernedPlanInput {
  id: string;
  hypothesisIds: string[];
  allowedTools?: string[];
  knowledge?: string[];
  destinations?: string[];
  /** Turns per hypothesis. @default 2 */
  maxTurns?: number;
}

function governedPlanYaml(plan: GovernedPlanInput): string {
  return [
    `id: ${plan.id}`,
    `title: Governance test plan ${plan.id}`,
    'match: { titleContains: "no incident has this title" }',
    `allowedTools: [${(plan.allowedTools ?? ['app_insights_query']).join(', ')}]`,
    ...(plan.knowledge ? [`knowledge: [${plan.knowledge.join(', ')}]`] : []),
    ...(plan.destinations ? [`destinations: [${plan.destinations.join(', ')}]`] : []),
    `budgets: { perHypothesis: { maxTurns: ${plan.maxTurns ?? 2}, maxToolCalls: 4 } }`,
    'hypotheses:',
    ...plan.hypothesisIds.map((id) => `  - { id: ${id}, title: Cause under test ${id}, guidance: Look at requests by version., rootCauseCategory: bad_deployment }`),
    '',
  ].join('\n');
}

/** Uploads the plans into a fresh container (PLANS_CONTAINER) and returns its name. */
async function uploadGovernedPlans(plans: ReadonlyArray<GovernedPlanInput>): Promise<string> {
  const container = `plans-${randomBytes(4).toString('hex')}`;
  const client = BlobServiceClient.fromConnectionString(process.env.TEST_STORAGE_CONNECTION_STRING!).getContainerClient(container);
  await client.createIfNotExists();
  for (const plan of plans) {
    const yaml = governedPlanYaml(plan);
    await client.getBlockBlobClient(`${plan.id}.yaml`).upload(yaml, Buffer.byteLength(yaml));
  }
  return container;
}

/** The App Insights query every scenario makes against the emulator (its data shows release 2.5.0). */
function appInsightsCall(id: string): { id: string; name: string; input: Record<string, unknown> } {
  return { id, name: 'app_insights_query', input: { component: 'appi-shop-prod', query: 'AppRequests | summarize total = count() by AppVersion', timespan: 'PT2H' } };
}

/** An inconclusive verdict: valid whatever happened to the calls before it. */
function inconclusiveVerdict(summary: string): ScriptedReply {
  return reply.toolUse([{ name: 'submit_verdict', input: { verdict: 'inconclusive', confidence: 0.2, summary, evidence: [], gaps: ['governance test'] } }]);
}

/**
 * A report the built-in quality gate accepts: undetermined (the subagents of these tests end
 * inconclusive), or, with `supported`, the release as root cause (the plans' category).
 */
function acceptableReport(summary = 'Requests fail since the last release.', supported = false): ScriptedReply {
  const cause = supported ? { rootCause: 'Release 2.5.0 broke order creation.', rootCauseCategory: 'bad_deployment' } : { rootCause: null, rootCauseCategory: 'undetermined' };
  return reply.toolUse([{ name: 'submit_report', input: { summary, ...cause, recommendedActions: [{ action: 'Roll back orders-api to 2.4.1' }] } }]);
}

/** What the scripted model does: its first turn per hypothesis, and the synthesis answer. */
interface ScenarioScript {
  firstTurns: Record<string, ScriptedReply>;
  synthesis?: (request: RecordedRequest) => ScriptedReply;
}

/**
 * A responder for the scripted model server: a subagent's first turn comes from `firstTurns`
 * (by its hypothesis id), its second (final) turn is an inconclusive verdict, and synthesis
 * answers with an acceptable report unless the script says otherwise.
 */
function scenarioResponder(script: ScenarioScript): (request: RecordedRequest) => ScriptedReply | undefined {
  return (request) => {
    if (request.body?.tools?.some((tool) => tool.name === 'submit_report')) return script.synthesis?.(request) ?? acceptableReport();
    const hypothesis = /Test this hypothesis: ([a-z0-9_-]+):/.exec(JSON.stringify(request.body?.messages[0]?.content ?? ''))?.[1];
    if (!hypothesis) return undefined;
    const assistantTurns = request.body!.messages.filter((m) => m.role === 'assistant').length;
    return assistantTurns === 0 ? script.firstTurns[hypothesis] : inconclusiveVerdict(`${hypothesis}: the evidence does not decide it.`);
  };
}

/** Starts an investigation of `incident` with `planId` and returns its id. */
async function startGovernedInvestigation(host: DevhostProcess, incident: Incident, planId: string): Promise<string> {
  const response = await fetch(`${host.url}/api/investigations?code=${host.functionKey}`, { method: 'POST', body: JSON.stringify({ incident, planId }) });
  if (response.status !== 202) throw new Error(`start answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** One audit record as `GET /api/audit` returns it. */
interface AuditRecordJson {
  kind: string;
  actor: { type: string; id: string };
  hypothesisId?: string;
  toolCallId?: string;
  invocation?: string;
  summary: string;
  details?: Record<string, unknown>;
}

async function readAudit(host: DevhostProcess, investigationId: string): Promise<AuditRecordJson[]> {
  const response = await fetch(`${host.url}/api/audit?investigation=${encodeURIComponent(investigationId)}&code=${host.functionKey}`);
  if (response.status !== 200) throw new Error(`audit answered ${response.status}`);
  return ((await response.json()) as { records: AuditRecordJson[] }).records;
}

/** One approval as `GET /api/approvals?investigation=` returns it. */
interface ApprovalJson {
  id: string;
  investigationId: string;
  hypothesisId?: string;
  toolCallId: string;
  toolName: string;
  invocation: string;
  status: string;
  decidedBy?: string;
  decisionReason?: string;
  [key: string]: unknown;
}

async function listApprovals(host: DevhostProcess, investigationId: string): Promise<ApprovalJson[]> {
  const response = await fetch(`${host.url}/api/approvals?investigation=${encodeURIComponent(investigationId)}&code=${host.functionKey}`);
  if (response.status !== 200) throw new Error(`approvals answered ${response.status}`);
  return ((await response.json()) as { approvals: ApprovalJson[] }).approvals;
}

/** `POST /api/approvals/{id}` with the function key; returns the status and body. */
async function decideApproval(host: DevhostProcess, approvalId: string, decision: 'approve' | 'reject', reason: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${host.url}/api/approvals/${encodeURIComponent(approvalId)}?code=${host.functionKey}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ decision, reason }),
  });
  return { status: response.status, body: await response.json() };
}

/** Each hypothesis's live progress (its sub-orchestration's custom status) from `GET /api/investigations/{id}`. */
async function hypothesisProgress(host: DevhostProcess, investigationId: string): Promise<Array<{ id: string; progress: Record<string, unknown> | null }>> {
  const response = await fetch(`${host.url}/api/investigations/${encodeURIComponent(investigationId)}?code=${host.functionKey}`);
  if (response.status !== 200) return [];
  const body = (await response.json()) as { hypotheses?: Array<{ id: string; progress: Record<string, unknown> | null }> };
  return body.hypotheses ?? [];
}

/** The subagent requests of one hypothesis, in order (turn 1 first). */
function requestsOf(requests: ReadonlyArray<RecordedRequest>, hypothesisId: string): RecordedRequest[] {
  return requests.filter((r) => /Test this hypothesis: ([a-z0-9_-]+):/.exec(JSON.stringify(r.body?.messages[0]?.content ?? ''))?.[1] === hypothesisId);
}

/** A `tool_result` block the model received for `toolUseId` in a request. */
interface ToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content: string;
  is_error?: boolean;
}

function toolResultIn(request: RecordedRequest, toolUseId: string): ToolResultBlock | undefined {
  for (const message of request.body?.messages ?? []) {
    if (message.role !== 'user' || !Array.isArray(message.content)) continue;
    const found = (message.content as Array<Record<string, unknown>>).find((b) => b.type === 'tool_result' && b.tool_use_id === toolUseId);
    if (found) return found as unknown as ToolResultBlock;
  }
  return undefined;
}

/** Waits until `check` holds for the audit log of an investigation (audit appends trail the report slightly). */
function auditWhere(host: DevhostProcess, investigationId: string, check: (records: AuditRecordJson[]) => boolean, timeoutMs = 10000): Promise<AuditRecordJson[]> {
  return eventually(async () => {
    const records = await readAudit(host, investigationId);
    return check(records) ? records : undefined;
  }, timeoutMs, 200);
}

export {
  writeGovernanceFiles,
  governedPlanYaml,
  uploadGovernedPlans,
  appInsightsCall,
  inconclusiveVerdict,
  acceptableReport,
  scenarioResponder,
  startGovernedInvestigation,
  readAudit,
  auditWhere,
  listApprovals,
  decideApproval,
  hypothesisProgress,
  requestsOf,
  toolResultIn,
};
export type { ScenarioScript, GovernanceFiles, GovernanceFilesInput, GovernedPlanInput, AuditRecordJson, ApprovalJson, ToolResultBlock };
