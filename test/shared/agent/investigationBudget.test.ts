import { hypothesisBudget, synthesisBudgetExceeded } from '../../../shared/agent/investigationBudget';
import { ZERO_USAGE } from '../../../shared/llm/tokenUsage';
import { planBudgetsSchema } from '../../../shared/plans/planSchema';

describe('investigation budget', () => {
  it('caps each subagent at its even share of perInvestigation, keeping 10 % of tokens and cost for the synthesis', () => {
    // Prepare
    const budgets = planBudgetsSchema.parse({
      perHypothesis: { maxTurns: 8, maxTokens: 200_000, maxToolCalls: 12, wallTimeSeconds: 300 },
      perInvestigation: { maxTurns: 12, maxTokens: 400_000, maxToolCalls: 60, wallTimeSeconds: 200, maxCostUsd: 1 },
    });

    // Act
    const share = hypothesisBudget(budgets, 3);

    // Assess
    expect(share).toEqual({ maxTurns: 4, maxTokens: 120_000, maxToolCalls: 12, wallTimeSeconds: 200, maxCostUsd: 0.3 });
  });

  it('keeps perHypothesis when the investigation budget is roomier', () => {
    const budgets = planBudgetsSchema.parse({});
    expect(hypothesisBudget(budgets, 2)).toEqual({ maxTurns: 8, maxTokens: 200_000, maxToolCalls: 12, wallTimeSeconds: 300 });
  });

  it('tells the synthesis not to call the model once tokens or cost are spent', () => {
    // Prepare
    const limits = planBudgetsSchema.parse({ perInvestigation: { maxTokens: 1000, maxCostUsd: 0.5 } }).perInvestigation;

    // Act / Assess
    expect(synthesisBudgetExceeded(limits, { ...ZERO_USAGE, inputTokens: 900, modelCalls: 3 }, 10, 2)).toBeUndefined();
    expect(synthesisBudgetExceeded(limits, { ...ZERO_USAGE, inputTokens: 900, outputTokens: 100, modelCalls: 3 }, 10, 2)).toBe('token budget of 1000 used (1000)');
    expect(synthesisBudgetExceeded(limits, { ...ZERO_USAGE, inputTokens: 10, costUsd: 0.5, modelCalls: 1 }, 10, 2)).toBe('cost budget of $0.5 used ($0.5000)');
  });
});
