import { z } from 'zod';
import { sortKeys } from '../llm/modelTool';
import { toolCallSchema, type ModelTurnResult, type ToolCall } from '../llm/runModelTurn';
import { addUsage, totalTokens } from '../llm/tokenUsage';
import type { BudgetLimits } from '../plans/planSchema';
import type { AgentState } from './agentState';
import { exceededLimit, finalTurnReason, type Consumption } from './budgetCheck';
import { FINAL_TURN_NOTE } from './subagentPrompt';
import { SUBMIT_VERDICT_TOOL, submitVerdictInputSchema } from './submitVerdictTool';
import { hypothesisVerdictSchema, type HypothesisVerdict } from './verdict';

/** A call the loop refuses, answered to the model as an `is_error` tool result. */
const refusedCallSchema = z.object({ toolUseId: z.string(), content: z.string(), isError: z.literal(true) });

/**
 * What the `runHypothesis` orchestration does next. Loop control is data: the orchestrator
 * switches on `type` and never decides budgets or validity itself.
 *
 * - `call_tools`: run `calls` (policy first), answer them and `refused`, add `note` if any, take another turn.
 * - `force_final_turn`: the same, but the next turn is the last: add the final-turn note and
 *   build the request with `finalTool: 'submit_verdict'`.
 * - `final_verdict`: the model submitted a valid verdict; the subagent is done.
 * - `budget_exhausted`: no further turn is allowed; `verdict` is the inconclusive result to return.
 */
const agentStepSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call_tools'), calls: z.array(toolCallSchema), refused: z.array(refusedCallSchema), note: z.string().optional() }),
  z.object({
    type: z.literal('force_final_turn'),
    calls: z.array(toolCallSchema),
    refused: z.array(refusedCallSchema),
    note: z.string(),
    reason: z.string(),
  }),
  z.object({ type: z.literal('final_verdict'), verdict: hypothesisVerdictSchema }),
  z.object({ type: z.literal('budget_exhausted'), reason: z.string(), verdict: hypothesisVerdictSchema }),
]);

type AgentStep = z.infer<typeof agentStepSchema>;
type RefusedCall = z.infer<typeof refusedCallSchema>;

/** Input of {@link agentStep}. */
interface AgentStepInput {
  state: AgentState;
  budget: BudgetLimits;
  lastTurn: ModelTurnResult;
  /** ISO time now, from the orchestration clock (never `Date.now()` in an orchestrator). */
  now: string;
}

/**
 * The pure reducer of the agent loop: folds the last model turn into the state and decides the
 * next step. Deterministic (same input, same output), so it is safe inside an orchestrator.
 */
function agentStep(input: AgentStepInput): { state: AgentState; step: AgentStep } {
  const { budget, lastTurn } = input;
  const wasFinal = input.state.finalTurnRequested;
  const state: AgentState = {
    ...input.state,
    turnsTaken: input.state.turnsTaken + 1,
    usage: addUsage(input.state.usage, lastTurn.usage),
    knownToolCallIds: [...input.state.knownToolCallIds],
    callSignatures: { ...input.state.callSignatures },
    gaps: [...input.state.gaps],
  };
  const refused: RefusedCall[] = [];

  // 1. A verdict ends the run, if it is valid.
  const submitted = lastTurn.toolCalls.find((call) => call.name === SUBMIT_VERDICT_TOOL);
  const invalidSubmit = lastTurn.invalidToolCalls.find((call) => call.name === SUBMIT_VERDICT_TOOL);
  if (submitted) {
    const problem = verdictProblem(submitted, state);
    if (!problem) return { state, step: { type: 'final_verdict', verdict: modelVerdict(submitted, state) } };
    refused.push(refuse(submitted.id, problem));
  } else if (invalidSubmit) {
    refused.push(refuse(invalidSubmit.id, `${invalidSubmit.error}. Call ${SUBMIT_VERDICT_TOOL} again with valid input.`));
  }

  if (wasFinal) {
    const reason = submitted || invalidSubmit ? 'the final verdict was invalid' : 'no verdict was submitted on the final turn';
    return exhausted(state, reason);
  }
  const used = consumption(state, input.now);
  const hardStop = exceededLimit(used, budget);
  if (hardStop) return exhausted(state, hardStop);

  // 2. Tool calls: refuse what the model got wrong, repeats and calls over budget.
  for (const call of lastTurn.invalidToolCalls) {
    if (call.name !== SUBMIT_VERDICT_TOOL) refused.push(refuse(call.id, call.error));
  }
  const calls: ToolCall[] = [];
  for (const call of lastTurn.toolCalls) {
    if (call.name === SUBMIT_VERDICT_TOOL) continue;
    if (submitted) {
      refused.push(refuse(call.id, `not run: ${SUBMIT_VERDICT_TOOL} was called in the same turn`));
      continue;
    }
    const signature = `${call.name}(${JSON.stringify(sortKeys(call.input))})`;
    const earlier = state.callSignatures[signature];
    if (earlier !== undefined) {
      refused.push(refuse(call.id, `identical call already made as ${earlier}; use that result instead of repeating it`));
      continue;
    }
    if (state.toolCallsMade >= budget.maxToolCalls) {
      refused.push(refuse(call.id, `not run: the tool-call budget of ${budget.maxToolCalls} is used`));
      state.gaps.push(`${call.name} call refused: tool-call budget used`);
      continue;
    }
    state.toolCallsMade += 1;
    state.callSignatures[signature] = call.id;
    state.knownToolCallIds.push(call.id);
    calls.push(call);
  }

  const nudge =
    calls.length === 0 && refused.length === 0
      ? `Continue the investigation with the tools, or call ${SUBMIT_VERDICT_TOOL} if the evidence decides the question.`
      : undefined;
  const finalReason = finalTurnReason({ ...used, toolCalls: state.toolCallsMade }, budget);
  if (finalReason) {
    state.finalTurnRequested = true;
    return { state, step: { type: 'force_final_turn', calls, refused, note: FINAL_TURN_NOTE, reason: finalReason } };
  }
  return { state, step: { type: 'call_tools', calls, refused, ...(nudge ? { note: nudge } : {}) } };
}

/** Why a submitted verdict cannot be accepted, or `undefined` when it can. */
function verdictProblem(call: ToolCall, state: AgentState): string | undefined {
  const parsed = submitVerdictInputSchema.safeParse(call.input);
  if (!parsed.success) return `invalid verdict: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`;
  const unknown = parsed.data.evidence.filter((id) => !state.knownToolCallIds.includes(id));
  if (unknown.length > 0) {
    return `evidence cites unknown tool call ids (${unknown.join(', ')}); cite only ids of calls you made: ${state.knownToolCallIds.join(', ') || 'none yet'}`;
  }
  if (parsed.data.verdict !== 'inconclusive' && parsed.data.evidence.length === 0) {
    return `a ${parsed.data.verdict} verdict needs evidence: cite the tool call ids that decided it, or answer inconclusive`;
  }
  return undefined;
}

function modelVerdict(call: ToolCall, state: AgentState): HypothesisVerdict {
  const input = submitVerdictInputSchema.parse(call.input);
  return {
    schemaVersion: 1,
    hypothesisId: state.hypothesisId,
    verdict: input.verdict,
    confidence: input.confidence,
    summary: input.summary,
    evidence: input.evidence,
    gaps: [...state.gaps, ...input.gaps],
    decidedBy: 'model',
    usage: state.usage,
  };
}

function exhausted(state: AgentState, reason: string): { state: AgentState; step: AgentStep } {
  const verdict: HypothesisVerdict = {
    schemaVersion: 1,
    hypothesisId: state.hypothesisId,
    verdict: 'inconclusive',
    confidence: 0,
    summary: `No verdict: the investigation of this hypothesis stopped (${reason}).`,
    evidence: [],
    gaps: [...state.gaps, `stopped before a verdict: ${reason}`],
    decidedBy: 'budget',
    usage: state.usage,
  };
  return { state: { ...state, finalTurnRequested: true }, step: { type: 'budget_exhausted', reason, verdict } };
}

function refuse(toolUseId: string, content: string): RefusedCall {
  return { toolUseId, content, isError: true };
}

function consumption(state: AgentState, now: string): Consumption {
  return {
    turns: state.turnsTaken,
    tokens: totalTokens(state.usage),
    toolCalls: state.toolCallsMade,
    elapsedSeconds: Math.max(0, (Date.parse(now) - Date.parse(state.startedAt)) / 1000),
    costUsd: state.usage.costUsd,
  };
}

export { agentStep, agentStepSchema, refusedCallSchema };
export type { AgentStep, AgentStepInput, RefusedCall };
