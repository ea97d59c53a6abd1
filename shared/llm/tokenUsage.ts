import { z } from 'zod';

/**
 * Tokens and estimated cost of one or more model calls. Crosses Durable boundaries inside turn
 * results, verdicts and reports, so it is a plain JSON record.
 */
const tokenUsageSchema = z.object({
  /** Uncached input tokens (`usage.input_tokens`). */
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  /** Input tokens read from the prompt cache (`usage.cache_read_input_tokens`). */
  cacheReadInputTokens: z.number().int().nonnegative(),
  /** Input tokens written to the prompt cache (`usage.cache_creation_input_tokens`). */
  cacheCreationInputTokens: z.number().int().nonnegative(),
  /** Estimated cost in US dollars from the price table (see pricing.ts). */
  costUsd: z.number().nonnegative(),
  modelCalls: z.number().int().nonnegative(),
  /** Models that had no price, so their calls count 0 in `costUsd`. */
  unpricedModels: z.array(z.string()).default([]),
});

type TokenUsage = z.infer<typeof tokenUsageSchema>;

/** Usage of nothing; the identity for {@link addUsage}. */
const ZERO_USAGE: TokenUsage = Object.freeze({
  inputTokens: 0,
  outputTokens: 0,
  cacheReadInputTokens: 0,
  cacheCreationInputTokens: 0,
  costUsd: 0,
  modelCalls: 0,
  unpricedModels: [],
}) as TokenUsage;

/** Sums usages (turns of one hypothesis, hypotheses of one investigation). */
function addUsage(...usages: ReadonlyArray<TokenUsage>): TokenUsage {
  const unpriced = new Set<string>();
  const total = { ...ZERO_USAGE, unpricedModels: [] as string[] };
  for (const usage of usages) {
    total.inputTokens += usage.inputTokens;
    total.outputTokens += usage.outputTokens;
    total.cacheReadInputTokens += usage.cacheReadInputTokens;
    total.cacheCreationInputTokens += usage.cacheCreationInputTokens;
    total.costUsd += usage.costUsd;
    total.modelCalls += usage.modelCalls;
    usage.unpricedModels.forEach((model) => unpriced.add(model));
  }
  // Rounded to a micro-dollar so sums of floats stay comparable in tests and reports.
  total.costUsd = Math.round(total.costUsd * 1e6) / 1e6;
  total.unpricedModels = [...unpriced].sort();
  return total;
}

/** Every token the calls processed: what budgets count (input + output + cache read + cache write). */
function totalTokens(usage: TokenUsage): number {
  return usage.inputTokens + usage.outputTokens + usage.cacheReadInputTokens + usage.cacheCreationInputTokens;
}

export { tokenUsageSchema, ZERO_USAGE, addUsage, totalTokens };
export type { TokenUsage };
