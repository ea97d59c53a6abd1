import type { BudgetLimits } from '../plans/planSchema';

/** What a run (one hypothesis, or a whole investigation) has consumed so far. */
interface Consumption {
  turns: number;
  tokens: number;
  toolCalls: number;
  elapsedSeconds: number;
  /** Estimated model cost in US dollars. */
  costUsd: number;
}

/** Share of a budget after which the next turn is made the final one, so a verdict still fits. */
const FINAL_TURN_THRESHOLD = 0.8;

/** The first limit reached, as a sentence for gaps and logs; `undefined` while within budget. */
function exceededLimit(used: Consumption, limits: BudgetLimits): string | undefined {
  if (used.turns >= limits.maxTurns) return `turn budget of ${limits.maxTurns} used`;
  if (used.tokens >= limits.maxTokens) return `token budget of ${limits.maxTokens} used (${used.tokens})`;
  if (used.elapsedSeconds >= limits.wallTimeSeconds) return `wall-time budget of ${limits.wallTimeSeconds}s used`;
  if (limits.maxCostUsd !== undefined && used.costUsd >= limits.maxCostUsd) return `cost budget of $${limits.maxCostUsd} used ($${used.costUsd.toFixed(4)})`;
  return undefined;
}

/**
 * Why the next turn must be the last one, or `undefined`: one turn left, the tool-call budget
 * spent, or tokens / cost / wall time past {@link FINAL_TURN_THRESHOLD} of their budget.
 */
function finalTurnReason(used: Consumption, limits: BudgetLimits): string | undefined {
  if (used.turns + 1 >= limits.maxTurns) return `turn ${used.turns + 1} of ${limits.maxTurns} is the last`;
  if (used.toolCalls >= limits.maxToolCalls) return `tool-call budget of ${limits.maxToolCalls} used`;
  if (used.tokens >= limits.maxTokens * FINAL_TURN_THRESHOLD) return `tokens at ${used.tokens} of ${limits.maxTokens}`;
  if (limits.maxCostUsd !== undefined && used.costUsd >= limits.maxCostUsd * FINAL_TURN_THRESHOLD) {
    return `cost at $${used.costUsd.toFixed(4)} of $${limits.maxCostUsd}`;
  }
  if (used.elapsedSeconds >= limits.wallTimeSeconds * FINAL_TURN_THRESHOLD) {
    return `${Math.round(used.elapsedSeconds)}s of ${limits.wallTimeSeconds}s wall time used`;
  }
  return undefined;
}

export { exceededLimit, finalTurnReason, FINAL_TURN_THRESHOLD };
export type { Consumption };
