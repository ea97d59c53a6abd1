import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler } from 'durable-functions';
import { agentStep } from '../../shared/agent/agentStep';
import { pruneToolResults } from '../../shared/agent/context/pruneToolResults';
import { startAgentState } from '../../shared/agent/agentState';
import { buildOpeningMessage, buildToolResultsMessage, formatToolResultForModel } from '../../shared/agent/subagentPrompt';
import { toolCallRecordSchema, type ToolCallRecord } from '../../shared/agent/toolCallRecord';
import { hypothesisVerdictSchema, type HypothesisVerdict } from '../../shared/agent/verdict';
import { ActivityNames, OrchestratorNames } from '../../shared/durable';
import { ZERO_USAGE } from '../../shared/llm/tokenUsage';
import {
  hypothesisInputSchema,
  incidentForPrompt,
  modelTurnOutputSchema,
  planChecksOutputSchema,
  type HypothesisInput,
  type HypothesisOutput,
  type HypothesisStatus,
} from '../../shared/investigation';

/** Model and tool activities retry transient failures; tool failures themselves are results. */
const activityRetry = new df.RetryOptions(2000, 3);
activityRetry.backoffCoefficient = 2;

/** The activity call for one tool call; plain Tasks so several run in parallel with `Task.all`. */
function toolTask(context: OrchestrationContext, input: HypothesisInput, call: { id: string; tool: string; arguments: Record<string, unknown> }): df.Task {
  return context.df.callActivityWithRetry(ActivityNames.runTool, activityRetry, {
    schemaVersion: 1,
    investigationId: input.investigationId,
    hypothesisId: input.hypothesisId,
    callId: call.id,
    tool: call.tool,
    arguments: call.arguments,
    allowedTools: input.context.tools,
    now: context.df.currentUtcDateTime.toISOString(),
  });
}

/** Runs tool calls in parallel (Task.all refuses an empty list, so none means no task). */
function* runTools(context: OrchestrationContext, input: HypothesisInput, calls: ReadonlyArray<{ id: string; tool: string; arguments: Record<string, unknown> }>): Generator<df.Task, ToolCallRecord[], unknown> {
  if (calls.length === 0) return [];
  const results = (yield context.df.Task.all(calls.map((call) => toolTask(context, input, call)))) as unknown[];
  return results.map((r) => toolCallRecordSchema.parse(r));
}

/** A verdict for a hypothesis whose subagent could not finish (model or activity failure). */
function failedVerdict(hypothesisId: string, reason: string): HypothesisVerdict {
  return {
    schemaVersion: 1,
    hypothesisId,
    verdict: 'inconclusive',
    confidence: 0,
    summary: `No verdict: ${reason}`,
    evidence: [],
    gaps: [reason],
    decidedBy: 'budget',
    usage: { ...ZERO_USAGE, unpricedModels: [] },
  };
}

/**
 * One subagent testing one hypothesis, in its own sub-orchestration so its history stays short.
 * Deterministic mode runs the plan's checks in parallel and applies the verdict rules; model
 * mode loops one model turn per activity, runs the requested tools in parallel, and lets the
 * pure `agentStep` reducer decide when budgets force a final turn or end the run.
 */
const runHypothesisOrchestrator: OrchestrationHandler = function* (context: OrchestrationContext) {
  const input = hypothesisInputSchema.parse(context.df.getInput());
  const hypothesis = input.context.plan.hypotheses.find((h) => h.id === input.hypothesisId)!;
  const status: HypothesisStatus = { schemaVersion: 1, hypothesisId: hypothesis.id, phase: 'checks', turns: 0, toolCalls: 0 };
  const records: ToolCallRecord[] = [];
  const finish = (verdict: HypothesisVerdict): HypothesisOutput => {
    context.df.setCustomStatus({ ...status, phase: 'done' });
    return { schemaVersion: 1, verdict, toolCalls: records };
  };
  try {
    if (input.context.engine === 'deterministic') {
      context.df.setCustomStatus(status);
      const { checks } = planChecksOutputSchema.parse(
        yield context.df.callActivity(ActivityNames.planChecks, { schemaVersion: 1, hypothesisId: hypothesis.id, incident: input.incident, context: input.context }),
      );
      records.push(...(yield* runTools(context, input, checks)));
      status.toolCalls = records.length;
      const verdict = yield context.df.callActivity(ActivityNames.evaluateVerdict, { schemaVersion: 1, hypothesisId: hypothesis.id, context: input.context, toolCalls: records });
      return finish(hypothesisVerdictSchema.parse(verdict));
    }

    const budget = input.context.plan.budgets.perHypothesis;
    let state = startAgentState(hypothesis.id, context.df.currentUtcDateTime.toISOString(), budget);
    const messages: MessageParam[] = [buildOpeningMessage({ incident: incidentForPrompt(input.incident), hypothesis, knowledge: input.context.knowledge || undefined })];
    status.phase = 'reasoning';
    for (;;) {
      context.df.setCustomStatus(status);
      const turn = modelTurnOutputSchema.parse(
        yield context.df.callActivityWithRetry(ActivityNames.modelTurn, activityRetry, {
          schemaVersion: 1,
          investigationId: input.investigationId,
          hypothesisId: hypothesis.id,
          context: input.context,
          // Stale tool results shrink to one-line notes once the conversation is large (pure, deterministic).
          messages: pruneToolResults(messages, records),
          finalTurn: state.finalTurnRequested,
        }),
      );
      messages.push({ role: 'assistant', content: turn.assistantContent as unknown as MessageParam['content'] });
      const next = agentStep({ state, budget, lastTurn: turn, now: context.df.currentUtcDateTime.toISOString() });
      state = next.state;
      const { step } = next;
      status.turns = state.turnsTaken;
      if (step.type === 'final_verdict' || step.type === 'budget_exhausted') return finish(step.verdict);
      const results = yield* runTools(context, input, step.calls.map((call) => ({ id: call.id, tool: call.name, arguments: call.input as Record<string, unknown> })));
      records.push(...results);
      status.toolCalls = records.length;
      const answers = results.map((r) => ({ toolUseId: r.id, content: formatToolResultForModel(r.id, r.result), isError: r.result.status === 'error' }));
      messages.push(buildToolResultsMessage([...answers, ...step.refused], step.note));
    }
  } catch (error) {
    return finish(failedVerdict(hypothesis.id, `the subagent failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`));
  }
};

df.app.orchestration(OrchestratorNames.runHypothesis, runHypothesisOrchestrator);

export { runHypothesisOrchestrator };
