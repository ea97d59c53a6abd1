import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { buildPromptPrefix } from '../llm/promptPrefix';
import { llmSettings } from '../llm/llmSettings';
import { runModelTurn } from '../llm/runModelTurn';
import { buildTurnRequest } from '../llm/turnRequest';
import { UNTRUSTED_DATA_RULE, wrapUntrusted } from '../llm/untrustedData';
import { assembleReport, investigationUsage, reportSynthesisSchema, submitReportTool, type ReportContext } from '../report/assembleReport';
import type { InvestigationReport } from '../report/reportSchema';
import { stopQualityGate } from '../report/stopQualityGate';
import { synthesizeDeterministicReport } from '../report/synthesizeDeterministicReport';
import { governanceServices } from '../governance/governanceServices';
import { hookUsage, runHooks } from '../governance/hooks/runHooks';
import { renderReportMarkdown } from '../report/renderReportMarkdown';
import { governanceConfig, hookDeps } from './governance';
import type { SynthesisInput, SynthesisOutput } from './investigationSchemas';
import { modelClient } from './modelTurn';
import { synthesisBudgetExceeded } from '../agent/investigationBudget';
import { TransientError } from '../errors';
import { ModelRequestError } from '../llm/modelErrors';
import { addUsage, ZERO_USAGE, type TokenUsage } from '../llm/tokenUsage';
import { enrichInvestigationReport } from './enrichInvestigationReport';

const SYNTHESIS_INSTRUCTIONS = [
  'You write the final report of an incident investigation for the engineer on call.',
  'You receive each hypothesis verdict with its evidence. Base the report only on that evidence: the root cause must',
  'come from a supported hypothesis and its category must be that hypothesis\'s category; if nothing is supported, the root cause',
  'is null and the category "undetermined": name the best open leads and the evidence they are missing in the summary.',
  'Recommended actions are concrete, most urgent first. Call submit_report exactly once.',
  UNTRUSTED_DATA_RULE,
].join('\n');

/**
 * Produces the report: deterministic synthesis ranks supported hypotheses; with a model, Claude
 * writes summary, root cause and actions from the verdicts through `submit_report`. When the
 * model is unavailable (after the SDK's retries), refuses the request, submits nothing usable or
 * the investigation budget is spent, the verdicts are ranked without it and the report says so.
 * The Stop quality gate then judges it; its reasons go back to synthesis as feedback on the next
 * attempt, and on the last allowed attempt they are recorded as gaps instead. Usage counts every
 * model call: subagents, prompt hooks on tool calls, and every synthesis attempt with its Stop hooks.
 */
async function synthesizeInvestigationReport(input: SynthesisInput, env: NodeJS.ProcessEnv = process.env): Promise<SynthesisOutput> {
  const context: Omit<ReportContext, 'model'> = {
    investigationId: input.investigationId,
    incidentTitle: input.incident.title,
    plan: input.context.plan,
    verdicts: input.hypotheses.map((h) => h.verdict),
    toolCalls: input.hypotheses.flatMap((h) => h.toolCalls),
    timeline: input.timeline,
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
  };
  let spent = input.synthesisUsage;
  let report: InvestigationReport;
  if (input.context.engine === 'model') {
    const synthesis = await modelSynthesis(input, context, env);
    spent = addUsage(spent, synthesis.usage);
    report = synthesis.report;
  } else {
    report = synthesizeDeterministicReport(context);
  }
  report = enrichInvestigationReport({ ...report, gaps: [...input.context.gaps, ...report.gaps], remediations: input.hypotheses.flatMap((h) => h.remediations) }, input, env);
  const builtIn = stopQualityGate(report);
  let gate: { accepted: boolean; reasons: string[] } = builtIn.accepted ? { accepted: true, reasons: [] } : builtIn;
  if (builtIn.accepted) {
    const hooks = await stopHooks(input, report, env);
    spent = addUsage(spent, hooks.usage);
    gate = hooks;
  }
  report = { ...report, usage: investigationUsage(context, spent) };
  if (gate.accepted) return { schemaVersion: 1, report, gate: { accepted: true, reasons: [] }, synthesisUsage: spent };
  const lastAttempt = input.attempt > input.context.qualityGateMaxRejections;
  if (lastAttempt) {
    report = { ...report, gaps: [...report.gaps, ...gate.reasons.map((reason) => `quality gate: ${reason}`)] };
  }
  return { schemaVersion: 1, report, gate: { accepted: lastAttempt, reasons: gate.reasons }, synthesisUsage: spent };
}

/**
 * The Stop hooks of governance judge a report the built-in gate accepted (e.g. a team's own
 * required sections); a block sends it back to synthesis with the hook's reason.
 */
async function stopHooks(input: SynthesisInput, report: InvestigationReport, env: NodeJS.ProcessEnv): Promise<{ accepted: boolean; reasons: string[]; usage: TokenUsage }> {
  const services = governanceServices(env);
  const config = await governanceConfig(env);
  const verdict = await runHooks(
    'Stop',
    {
      investigationId: input.investigationId,
      agentName: 'synthesis',
      currentTurn: input.attempt,
      maxTurns: input.context.qualityGateMaxRejections + 1,
      mode: input.context.plan.mode,
      finalOutput: renderReportMarkdown(services.redactor.redactDeep(report)),
      stopRejectionCount: input.attempt - 1,
    },
    config.hooks,
    hookDeps(services, env),
  );
  if (verdict.outcomes.length > 0) {
    await services.auditLog.append({
      at: new Date().toISOString(),
      investigationId: input.investigationId,
      kind: 'hook',
      actor: { type: 'hook', id: verdict.type === 'block' ? verdict.blockedBy : 'Stop' },
      summary: verdict.type === 'block' ? `Stop hook rejected the report: ${verdict.reason}` : 'Stop hooks accepted the report',
      details: { outcomes: verdict.outcomes },
    });
  }
  const usage = hookUsage(verdict.outcomes);
  return verdict.type === 'block' ? { accepted: false, reasons: [`stop hook ${verdict.blockedBy}: ${verdict.reason}`], usage } : { accepted: true, reasons: [], usage };
}

/**
 * The model's report, or the verdicts ranked without it (with the reason in summary and gaps)
 * when the investigation budget is spent, the API stays unavailable after the SDK's retries,
 * refuses the request, or no valid `submit_report` comes back. `usage` is what this attempt spent.
 */
async function modelSynthesis(
  input: SynthesisInput,
  context: Omit<ReportContext, 'model'>,
  env: NodeJS.ProcessEnv,
): Promise<{ report: InvestigationReport; usage: TokenUsage }> {
  const settings = llmSettings.load(env);
  const withoutModel = (gap: string, usage: TokenUsage = ZERO_USAGE): { report: InvestigationReport; usage: TokenUsage } => {
    const fallback = synthesizeDeterministicReport(context);
    return {
      report: { ...fallback, modelUsed: true, model: settings.ANTHROPIC_MODEL, summary: `${gap} ${fallback.summary}`, gaps: [...fallback.gaps, `synthesis: ${gap}`] },
      usage,
    };
  };
  const elapsedSeconds = Math.max(0, (Date.parse(input.finishedAt) - Date.parse(input.startedAt)) / 1000);
  const overBudget = synthesisBudgetExceeded(input.context.plan.budgets.perInvestigation, investigationUsage(context, input.synthesisUsage), elapsedSeconds, context.toolCalls.length);
  if (overBudget) return withoutModel(`The investigation budget is spent (${overBudget}), so the verdicts were ranked without the model.`);

  const prefix = buildPromptPrefix({ instructions: SYNTHESIS_INSTRUCTIONS, tools: [submitReportTool], planText: `Plan: ${input.context.plan.title}`, memoryIndex: '' });
  const findings = input.hypotheses.map(({ verdict, toolCalls }) => ({
    hypothesis: verdict.hypothesisId,
    category: input.context.plan.hypotheses.find((h) => h.id === verdict.hypothesisId)?.rootCauseCategory ?? null,
    verdict: verdict.verdict,
    confidence: verdict.confidence,
    summary: verdict.summary,
    gaps: verdict.gaps,
    evidence: toolCalls.filter((call) => verdict.evidence.includes(call.id)).map((call) => ({ id: call.id, tool: call.tool, query: call.result.invocation, result: call.result.summary })),
  }));
  const feedback = input.feedback.length > 0 ? `\n\nA reviewer rejected the previous report: ${input.feedback.join('; ')}. Fix exactly that.` : '';
  const message: MessageParam = {
    role: 'user',
    content: [
      { type: 'text', text: wrapUntrusted('incident', JSON.stringify(input.context.promptIncident)) },
      { type: 'text', text: wrapUntrusted('findings', JSON.stringify(findings, null, 2)) },
      { type: 'text', text: `Write the report now by calling submit_report.${feedback}` },
    ],
  };
  const params = buildTurnRequest({ model: settings.ANTHROPIC_MODEL, maxTokens: settings.ANTHROPIC_MAX_OUTPUT_TOKENS, prefix, messages: [message] });
  let turn;
  try {
    turn = await runModelTurn(modelClient(settings), { params, toolSchemas: { submit_report: reportSynthesisSchema }, prices: settings.ANTHROPIC_PRICES_JSON });
  } catch (error) {
    if (!(error instanceof TransientError || error instanceof ModelRequestError)) throw error;
    return withoutModel(`The model was unavailable for the synthesis (${error.message.split('\n')[0]}), so the verdicts were ranked without it.`);
  }
  const call = turn.toolCalls.find((c) => c.name === 'submit_report');
  if (!call) return withoutModel('The model did not submit a valid report, so the verdicts were ranked instead.', turn.usage);
  return { report: assembleReport({ ...context, model: settings.ANTHROPIC_MODEL }, reportSynthesisSchema.parse(call.input)), usage: turn.usage };
}

export { synthesizeInvestigationReport };
