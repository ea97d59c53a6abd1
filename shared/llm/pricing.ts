import { z } from 'zod';
import { ConfigError } from '../errors';
import type { TokenUsage } from './tokenUsage';

/** US dollars per million tokens for one model. */
const modelPriceSchema = z
  .object({
    input: z.number().nonnegative(),
    output: z.number().nonnegative(),
    /** 5-minute cache write (the `ephemeral` default TTL). */
    cacheWrite: z.number().nonnegative(),
    cacheRead: z.number().nonnegative(),
  })
  .strict();

const priceTableSchema = z.record(z.string(), modelPriceSchema);

type ModelPrice = z.infer<typeof modelPriceSchema>;
type PriceTable = z.infer<typeof priceTableSchema>;

/**
 * List prices, USD per million tokens, from Anthropic's model overview pages on
 * platform.claude.com (`/docs/en/models/<model>/overview`), checked 2026-11-22. Cache writes are
 * the 5-minute TTL rate (1.25 × input), cache reads 0.1 × input unless the page says otherwise.
 * Haiku 5.5 is tiered; the table holds the rate for prompts up to 100K tokens, which is what
 * subagent turns are. Prices change: override with `ANTHROPIC_PRICES_JSON` rather than editing.
 */
const DEFAULT_PRICES: PriceTable = {
  'claude-sonnet-5-5': { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 },
  'claude-opus-5-5': { input: 4, output: 20, cacheWrite: 5, cacheRead: 0.2 },
  'claude-haiku-5-5': { input: 0.1, output: 0.5, cacheWrite: 0.125, cacheRead: 0.01 },
  'claude-sonnet-5': { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 },
  'claude-opus-5': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  'claude-sonnet-4-6': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-sonnet-4-5': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-haiku-4-5': { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 },
};

/** Parses a JSON price override (`{"model": {"input":..,"output":..,"cacheWrite":..,"cacheRead":..}}`). */
function parsePriceOverrides(json: string, setting = 'ANTHROPIC_PRICES_JSON'): PriceTable {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new ConfigError(setting, 'is not valid JSON', { cause: error });
  }
  const parsed = priceTableSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(setting, parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  }
  return parsed.data;
}

/** The price of a model: exact id first, then the id without a `-YYYYMMDD` snapshot suffix. */
function priceFor(model: string, table: PriceTable = DEFAULT_PRICES): ModelPrice | undefined {
  return table[model] ?? table[model.replace(/-\d{8}$/, '')];
}

/** Builds the usage record of one call, with its estimated cost. */
function usageOf(
  model: string,
  tokens: { inputTokens: number; outputTokens: number; cacheReadInputTokens: number; cacheCreationInputTokens: number },
  table: PriceTable = DEFAULT_PRICES,
): TokenUsage {
  const price = priceFor(model, table);
  const cost = price
    ? (tokens.inputTokens * price.input +
        tokens.outputTokens * price.output +
        tokens.cacheCreationInputTokens * price.cacheWrite +
        tokens.cacheReadInputTokens * price.cacheRead) /
      1_000_000
    : 0;
  return { ...tokens, costUsd: Math.round(cost * 1e6) / 1e6, modelCalls: 1, unpricedModels: price ? [] : [model] };
}

export { modelPriceSchema, priceTableSchema, DEFAULT_PRICES, parsePriceOverrides, priceFor, usageOf };
export type { ModelPrice, PriceTable };
