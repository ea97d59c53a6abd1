import { ConfigError } from '../../../shared/errors';
import { llmSettings } from '../../../shared/llm/llmSettings';
import { DEFAULT_PRICES, parsePriceOverrides, usageOf } from '../../../shared/llm/pricing';
import { addUsage, totalTokens } from '../../../shared/llm/tokenUsage';

describe('pricing and usage', () => {
  it('prices every token kind from the table', () => {
    // Act
    const usage = usageOf('claude-haiku-5-5', { inputTokens: 2_000_000, outputTokens: 1_000_000, cacheReadInputTokens: 10_000_000, cacheCreationInputTokens: 4_000_000 });

    // Assess: 2 × 0.10 + 1 × 0.50 + 10 × 0.01 + 4 × 0.125
    expect(usage.costUsd).toBeCloseTo(1.3, 6);
    expect(usage.unpricedModels).toEqual([]);
  });

  it('prices a dated snapshot like its alias and flags a model with no price', () => {
    // Act
    const dated = usageOf('claude-haiku-4-5-20251001', { inputTokens: 1_000_000, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 });
    const unknown = usageOf('claude-future-9', { inputTokens: 1_000_000, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 });

    // Assess
    expect(dated.costUsd).toBe(DEFAULT_PRICES['claude-haiku-4-5']!.input);
    expect(unknown).toMatchObject({ costUsd: 0, unpricedModels: ['claude-future-9'] });
  });

  it('sums usages and counts every token kind toward budgets', () => {
    // Prepare
    const a = usageOf('claude-sonnet-5-5', { inputTokens: 100, outputTokens: 10, cacheReadInputTokens: 1000, cacheCreationInputTokens: 0 });
    const b = usageOf('claude-future-9', { inputTokens: 50, outputTokens: 5, cacheReadInputTokens: 0, cacheCreationInputTokens: 500 });

    // Act
    const total = addUsage(a, b);

    // Assess
    expect(total).toMatchObject({ inputTokens: 150, outputTokens: 15, cacheReadInputTokens: 1000, cacheCreationInputTokens: 500, modelCalls: 2, unpricedModels: ['claude-future-9'] });
    expect(total.costUsd).toBeCloseTo(a.costUsd, 6);
    expect(totalTokens(total)).toBe(1665);
  });

  it('loads the llm settings with defaults and merges price overrides over the table', () => {
    // Act
    const settings = llmSettings.load({ ANTHROPIC_PRICES_JSON: '{"claude-sonnet-5-5":{"input":1,"output":5,"cacheWrite":1.25,"cacheRead":0.1}}' });

    // Assess
    expect(settings).toMatchObject({ ANTHROPIC_MODEL: 'claude-sonnet-5-5', ANTHROPIC_HOOK_MODEL: 'claude-haiku-5-5', ANTHROPIC_MAX_RETRIES: 2, ANTHROPIC_TIMEOUT_MS: 120000 });
    expect(settings.ANTHROPIC_API_KEY).toBeUndefined();
    expect(settings.ANTHROPIC_PRICES_JSON['claude-sonnet-5-5']!.input).toBe(1);
    expect(settings.ANTHROPIC_PRICES_JSON['claude-haiku-5-5']).toEqual(DEFAULT_PRICES['claude-haiku-5-5']);
  });

  it('rejects a price override that is not a valid table, naming the setting', () => {
    // Act and Assess
    expect(() => parsePriceOverrides('{"m":{"input":"cheap"}}')).toThrow(ConfigError);
    expect(() => llmSettings.load({ ANTHROPIC_PRICES_JSON: 'not json' })).toThrow(/ANTHROPIC_PRICES_JSON/);
  });
});
