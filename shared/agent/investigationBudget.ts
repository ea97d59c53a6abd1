import { totalTokens, type TokenUsage } from '../llm/tokenUsage';
import type { BudgetLimits, PlanBudgets } from '../plans/planSchema';
import { exceededLimit } from './budgetCheck';

/** Share of the investigation's tokens and cost kept back for the synthesis (and its Stop-gate retries). */
const SYNTHESIS_RESERVE = 0.1;

/**
 * The limits one hypothesis subagent runs under: its own `perHypothesis` budget, capped by its
 * even share of `perInvestigation`. The hypotheses run in parallel, so each gets
 * `1 / hypotheses` of the investigation's turns and tool calls, and of 90 % of its tokens and
 * cost (10 % stays for the synthesis); wall time is the smaller of the two. A subagent nearing
 * its limit gets a final turn to give its verdict, and one past it stops with an inconclusive
 * verdict (agentStep), so the subagents together stay within `perInvestigation`.
 */
function hypothesisBudget(budgets: PlanBudgets, hypotheses: number): BudgetLimits {
  const own = budgets.perHypothesis;
  const all = budgets.perInvestigation;
  const n = Math.max(1, hypotheses);
  const share = (total: number, reserve = 0): number => Math.max(1, Math.floor((total * (1 - reserve)) / n));
  const ownCost = own.maxCostUsd;
  const sharedCost = all.maxCostUsd === undefined ? undefined : (all.maxCostUsd * (1 - SYNTHESIS_RESERVE)) / n;
  const maxCostUsd = ownCost === undefined ? sharedCost : sharedCost === undefined ? ownCost : Math.min(ownCost, sharedCost);
  return {
    maxTurns: Math.min(own.maxTurns, share(all.maxTurns)),
    maxTokens: Math.min(own.maxTokens, share(all.maxTokens, SYNTHESIS_RESERVE)),
    maxToolCalls: Math.min(own.maxToolCalls, Math.floor(all.maxToolCalls / n)),
    wallTimeSeconds: Math.min(own.wallTimeSeconds, all.wallTimeSeconds),
    ...(maxCostUsd !== undefined ? { maxCostUsd } : {}),
  };
}

/**
 * Why the synthesis may not call the model, or `undefined` when it may: the investigation's
 * tokens, cost, turns (model calls) or wall time are spent (`perInvestigation`). The synthesis
 * then ranks the verdicts without a model and says so.
 */
function synthesisBudgetExceeded(limits: BudgetLimits, used: TokenUsage, elapsedSeconds: number, toolCalls: number): string | undefined {
  const reason = exceededLimit({ turns: used.modelCalls, tokens: totalTokens(used), toolCalls, elapsedSeconds, costUsd: used.costUsd }, limits);
  return reason;
}

export { hypothesisBudget, synthesisBudgetExceeded, SYNTHESIS_RESERVE };
