import Anthropic from '@anthropic-ai/sdk';
import { ConfigError } from '../errors';
import type { LlmSettings } from './llmSettings';

/**
 * Builds the Anthropic client from settings. Retries are the SDK's own (429 and 529 with
 * `retry-after`, 5xx, timeouts, connection errors), configured here and not wrapped in a
 * second loop; a failure that survives them surfaces to the activity, whose Durable retry
 * policy is the outer layer.
 *
 * @throws ConfigError when no API key is set (callers choose deterministic mode before this).
 */
function createModelClient(
  settings: Pick<LlmSettings, 'ANTHROPIC_API_KEY' | 'ANTHROPIC_BASE_URL' | 'ANTHROPIC_MAX_RETRIES' | 'ANTHROPIC_TIMEOUT_MS'>,
  options: { fetch?: typeof fetch } = {},
): Anthropic {
  if (!settings.ANTHROPIC_API_KEY) {
    throw new ConfigError('ANTHROPIC_API_KEY', 'is required to call the model (unset means deterministic mode)');
  }
  return new Anthropic({
    apiKey: settings.ANTHROPIC_API_KEY,
    // Always explicit: otherwise the SDK would read ANTHROPIC_BASE_URL from the environment
    // itself, bypassing the validated setting.
    baseURL: settings.ANTHROPIC_BASE_URL ?? 'https://api.anthropic.com',
    maxRetries: settings.ANTHROPIC_MAX_RETRIES,
    timeout: settings.ANTHROPIC_TIMEOUT_MS,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** True when a model is configured; false means the investigation runs in deterministic mode. */
function isModelConfigured(settings: Pick<LlmSettings, 'ANTHROPIC_API_KEY'>): boolean {
  return typeof settings.ANTHROPIC_API_KEY === 'string' && settings.ANTHROPIC_API_KEY.length > 0;
}

export { createModelClient, isModelConfigured };
