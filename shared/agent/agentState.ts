import { z } from 'zod';
import { tokenUsageSchema, ZERO_USAGE } from '../llm/tokenUsage';
import type { BudgetLimits } from '../plans/planSchema';

/**
 * The loop state of one hypothesis subagent, carried by the `runHypothesis` orchestration
 * between turns (and across `continueAsNew`). Only counters and ids: the conversation itself
 * is stored separately, so this stays small in the Durable history.
 */
const agentStateSchema = z.object({
  schemaVersion: z.literal(1),
  hypothesisId: z.string().min(1),
  /** ISO time the subagent started (from `context.df.currentUtcDateTime`). */
  startedAt: z.iso.datetime(),
  turnsTaken: z.number().int().nonnegative(),
  toolCallsMade: z.number().int().nonnegative(),
  usage: tokenUsageSchema,
  /** tool_use ids of every call run so far: the only ids a verdict may cite as evidence. */
  knownToolCallIds: z.array(z.string()),
  /** Canonical `name(input)` → id of calls already run, to refuse exact repeats. */
  callSignatures: z.record(z.string(), z.string()),
  /** True when the next (or just finished) turn is the final one. */
  finalTurnRequested: z.boolean(),
  /** Gaps noted by the loop itself (refused calls, budget). */
  gaps: z.array(z.string()),
});

type AgentState = z.infer<typeof agentStateSchema>;

/**
 * The state before the first turn. With a one-turn budget the first turn is already final.
 * @param startedAt ISO time, from the orchestration clock.
 */
function startAgentState(hypothesisId: string, startedAt: string, budget: BudgetLimits): AgentState {
  return {
    schemaVersion: 1,
    hypothesisId,
    startedAt,
    turnsTaken: 0,
    toolCallsMade: 0,
    usage: { ...ZERO_USAGE, unpricedModels: [] },
    knownToolCallIds: [],
    callSignatures: {},
    finalTurnRequested: budget.maxTurns <= 1,
    gaps: [],
  };
}

export { agentStateSchema, startAgentState };
export type { AgentState };
