import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { z } from 'zod';
import { TransientError } from '../errors';
import type { LlmSettings } from '../llm/llmSettings';
import { ModelRequestError } from '../llm/modelErrors';
import type { ModelToolSpec } from '../llm/modelTool';
import { buildPromptPrefix } from '../llm/promptPrefix';
import { runModelTurn } from '../llm/runModelTurn';
import { ZERO_USAGE, type TokenUsage } from '../llm/tokenUsage';
import { buildTurnRequest } from '../llm/turnRequest';
import { UNTRUSTED_DATA_RULE, wrapUntrusted } from '../llm/untrustedData';
import { modelClient } from '../investigation/modelTurn';
import type { InvestigationReport } from '../report/reportSchema';

const learningInputSchema = z.object({ note: z.string().describe('The whole new note, markdown.') });

const submitLearningTool: ModelToolSpec = {
  name: 'submit_learning',
  description: "Submit the service's rewritten learning note (markdown). Call it exactly once.",
  parameters: learningInputSchema,
};

const LEARNING_INSTRUCTIONS = [
  'You keep a short markdown note of what investigations of one service have learned, for the next investigation of it.',
  'Rewrite the note with what the new report adds: the causes confirmed or ruled out, the query that decided, what to check first.',
  'Only state what the report or the earlier note says. Every bullet cites where it comes from in brackets:',
  'the investigation id like [azure-monitor-abc] or the tool call id of the evidence like [toolu_1]; cite no other id.',
  'Never quote secrets, keys, tokens or connection strings. Call submit_learning exactly once.',
  UNTRUSTED_DATA_RULE,
].join('\n');

/** The report as the learning writer reads it (redacted by the caller): verdicts and their evidence. */
function reportForLearning(report: InvestigationReport): Record<string, unknown> {
  return {
    investigationId: report.investigationId,
    finishedAt: report.timings.finishedAt,
    rootCause: report.rootCause,
    rootCauseCategory: report.rootCauseCategory,
    confidence: report.confidence,
    hypotheses: report.hypotheses.map((h) => ({ id: h.hypothesisId, title: h.title, category: h.rootCauseCategory, verdict: h.verdict, confidence: h.confidence, summary: h.summary, evidence: h.evidence })),
    evidence: report.evidence.map((e) => ({ toolCallId: e.toolCallId, tool: e.tool, query: e.query, status: e.status, result: e.resultExcerpt.slice(0, 500) })),
    recommendedActions: report.recommendedActions.map((a) => a.action),
    remediations: (report.remediations ?? []).map((r) => ({ title: r.title, status: r.status, cleared: r.verification?.cleared ?? null })),
  };
}

/**
 * Asks the model to rewrite a service's learning from the new (redacted) report and the previous
 * note. `note` is `undefined`, with the reason, when the model is unavailable, refuses or submits
 * nothing usable; the caller then writes the note from the verdicts. Nothing here is trusted: the
 * learning gate judges the note.
 */
async function learningFromModel(input: { report: InvestigationReport; service: string; previous: string | undefined; maxChars: number; settings: LlmSettings }): Promise<{ note?: string; reason?: string; usage: TokenUsage }> {
  const prefix = buildPromptPrefix({ instructions: LEARNING_INSTRUCTIONS, tools: [submitLearningTool], planText: 'Service learnings', memoryIndex: '' });
  const message: MessageParam = {
    role: 'user',
    content: [
      { type: 'text', text: wrapUntrusted('learning', input.previous ?? '(no note yet)') },
      { type: 'text', text: wrapUntrusted('report', JSON.stringify(reportForLearning(input.report), null, 2)) },
      { type: 'text', text: `Rewrite the learning of service ${JSON.stringify(input.service)} in at most ${input.maxChars} characters, starting with "# Learnings: ${input.service}", and call submit_learning.` },
    ],
  };
  const params = buildTurnRequest({ model: input.settings.ANTHROPIC_MODEL, maxTokens: input.settings.ANTHROPIC_MAX_OUTPUT_TOKENS, prefix, messages: [message] });
  try {
    const turn = await runModelTurn(modelClient(input.settings), { params, toolSchemas: { submit_learning: learningInputSchema }, prices: input.settings.ANTHROPIC_PRICES_JSON });
    const call = turn.toolCalls.find((c) => c.name === 'submit_learning');
    if (!call) return { reason: 'the model submitted no learning', usage: turn.usage };
    return { note: learningInputSchema.parse(call.input).note, usage: turn.usage };
  } catch (error) {
    if (!(error instanceof TransientError || error instanceof ModelRequestError)) throw error;
    return { reason: `the model was unavailable (${error.message.split('\n')[0]})`, usage: ZERO_USAGE };
  }
}

export { learningFromModel, submitLearningTool };
