import { z } from 'zod';
import { defineSettings, positiveInt } from '../config';
import { DEFAULT_PRICES, parsePriceOverrides, type PriceTable } from './pricing';

/**
 * Settings of the model client. Without `ANTHROPIC_API_KEY` the responder runs in deterministic
 * mode (plan checks and verdict rules, no model), so the group is optional as a whole.
 */
const llmSettings = defineSettings('llm', 'Anthropic model access (leave the key empty for deterministic mode)', {
  ANTHROPIC_API_KEY: {
    schema: z.string().min(1).optional(),
    description: 'Anthropic API key. Empty: no model is used and investigations run the plans\' deterministic checks.',
    secret: true,
    example: 'sk-ant-...',
  },
  ANTHROPIC_BASE_URL: {
    schema: z.url().optional(),
    description: 'Messages API origin; set it to a gateway or, in tests, to the scripted model server. Default: the SDK\'s https://api.anthropic.com.',
  },
  ANTHROPIC_MODEL: {
    schema: z.string().min(1),
    description: 'Model for investigation subagents and synthesis.',
    default: 'claude-sonnet-5-5',
  },
  ANTHROPIC_HOOK_MODEL: {
    schema: z.string().min(1),
    description: 'Cheaper model for prompt hooks (judging a tool call or a report).',
    default: 'claude-haiku-5-5',
  },
  ANTHROPIC_MAX_RETRIES: {
    schema: z.coerce.number().int().min(0).max(10),
    description: 'Retries the SDK makes on 408/409/429/5xx/529 and connection errors, honouring retry-after. Durable activity retries come on top.',
    default: '2',
  },
  ANTHROPIC_TIMEOUT_MS: {
    schema: positiveInt,
    description: 'Per-request timeout in milliseconds (each retry gets its own).',
    default: '120000',
  },
  ANTHROPIC_MAX_OUTPUT_TOKENS: {
    schema: positiveInt,
    description: 'max_tokens of one model turn.',
    default: '4096',
  },
  ANTHROPIC_PRICES_JSON: {
    schema: z
      .string()
      .optional()
      .transform((json): PriceTable => (json ? { ...DEFAULT_PRICES, ...parsePriceOverrides(json) } : DEFAULT_PRICES)),
    description:
      'Price overrides, USD per million tokens: {"model":{"input":2,"output":10,"cacheWrite":2.5,"cacheRead":0.2}}. ' +
      'Merged over the built-in table (shared/llm/pricing.ts, dated there).',
  },
});

type LlmSettings = ReturnType<typeof llmSettings.load>;

export { llmSettings };
export type { LlmSettings };
