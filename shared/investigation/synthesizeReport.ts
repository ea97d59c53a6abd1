import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { buildPromptPrefix } from '../llm/promptPrefix';
import { llmSettings } from '../llm/llmSettings';
import { runModelTurn } from '../llm/runModelTurn';
import { buildTurnRequest } from '../llm/turnRequest';
import { UNTRUSTED_DATA_RULE, wrapUntrusted } from '../llm/untrustedData';
import { assembleReport, reportSynthesisSchema, submitReportTool, type ReportContext } from '../report/assembleReport';
import type { InvestigationReport } from '../report/reportSchema';
import { stopQualityGate } from '../report/stopQualityGate';
import { synthesizeDeterministicReport } from '../report/synthesizeDeterministicReport';
import { governanceServices } from '../governance/governanceServices';
import { runHooks } from '../governance/hooks/runHooks';
import { renderReportMarkdown } from '../report/renderReportMarkdown';
import { governanceConfig, hookDeps } from './governance';
import type { SynthesisInput, SynthesisOutput } from './investigationSchemas';
import { modelClient } from './modelTurn';

const SYNTHESIS_INSTRUCTIONS = [
  'You write the final report of an incident investigation for the engineer on call.',
  'You receive each hypothesis verdict with its evidence. Base the report only on that evidence: the root cause must',
  'come from a supported hypothesis and cite what showed it; if nothing is supported, say the cause is undetermined.',
  'Recommended actions are concrete, most urgent first. Call submit_report exactly once.',
  UNTRUSTED_DATA_RULE,
].join('\n');

/**
 * Produces the report: deterministic synthesis ranks supported hypotheses; with a model, Claude
 * writes summary, root cause and actions from the verdicts through `submit_report`. The Stop
 * quality gate then judges it; its reasons go back to synthesis as feedback on the next attempt,
 * and on the last allowed attempt they are recorded as gaps instead.
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
  let report = input.context.engine === 'model' ? await modelSynthesis(input, context, env) : synthesizeDeterministicReport(context);
  report = { ...report, gaps: [...input.context.gaps, ...report.gaps], remediations: input.hypotheses.flatMap((h) => h.remediations) };
  const builtIn = stopQualityGate(report);
  const gate = builtIn.accepted ? await stopHooks(input, report, env) : builtIn;
  if (gate.accepted) return { schemaVersion: 1, report, gate: { accepted: true, reasons: [] } };
  const lastAttempt = input.attempt > input.context.qualityGateMaxRejections;
  if (lastAttempt) {
    report = { ...report, gaps: [...report.gaps, ...gate.reasons.map((reason) => `quality gate: ${reason}`)] };
  }
  return { schemaVersion: 1, report, gate: { accepted: lastAttempt, reasons: gate.reasons } };
}

/**
 * The Stop hooks of governance judge a report the built-in gate accepted (e.g. a team's own
 * required sections); a block sends it back to synthesis with the hook's reason.
 */
async function stopHooks(input: SynthesisInput, report: InvestigationReport, env: NodeJS.ProcessEnv): Promise<{ accepted: boolean; reasons: string[] }> {
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
  return verdict.type === 'block' ? { accepted: false, reasons: [`stop hook ${verdict.blockedBy}: ${verdict.reason}`] } : { accepted: true, reasons: [] };
}

async function modelSynthesis(input: SynthesisInput, context: Omit<ReportContext, 'model'>, env: NodeJS.ProcessEnv): Promise<InvestigationReport> {
  const settings = llmSettings.load(env);
  const prefix = buildPromptPrefix({ instructions: SYNTHESIS_INSTRUCTIONS, tools: [submitReportTool], planText: `Plan: ${input.context.plan.title}`, memoryIndex: '' });
  const findings = input.hypotheses.map(({ verdict, toolCalls }) => ({
    hypothesis: verdict.hypothesisId,
    verdict: verdict.verdict,
    confidence: verdict.confidence,
    summary: verdict.summary,
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
  const turn = await runModelTurn(modelClient(settings), { params, toolSchemas: { submit_report: reportSynthesisSchema }, prices: settings.ANTHROPIC_PRICES_JSON });
  const call = turn.toolCalls.find((c) => c.name === 'submit_report');
  const usage = turn.usage;
  if (!call) {
    // The model did not produce a usable report: fall back to ranking verdicts, and say so.
    const fallback = synthesizeDeterministicReport(context);
    return { ...fallback, modelUsed: true, model: settings.ANTHROPIC_MODEL, gaps: [...fallback.gaps, 'synthesis: the model did not submit a valid report; verdicts were ranked instead'] };
  }
  return assembleReport({ ...context, model: settings.ANTHROPIC_MODEL, synthesisUsage: usage }, reportSynthesisSchema.parse(call.input));
}

export { synthesizeInvestigationReport };
