import { z } from 'zod';
import { ConfigError } from '../../errors';
import type { CallOutcome } from '../callWithRetry';
import { send, type DestinationRuntime } from '../destinationRuntime';
import { resolveSecret } from '../secretReference';
import type { ServiceNowWriteBackSettings } from './serviceNowWriteBackSettings';

const TokenResponseSchema = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().positive().default(1800) }).loose();

/** Gives the Authorization header for Table API calls; OAuth tokens are cached until shortly before expiry. */
interface ServiceNowAuth {
  header(signal?: AbortSignal): Promise<{ ok: true; value: string; attempts: number } | (CallOutcome & { ok: false })>;
  /** Forgets a cached token (after a 401). */
  reset(): void;
}

/** Builds the auth of the configured kind; missing credentials are a configuration error at startup. */
function serviceNowAuth(settings: ServiceNowWriteBackSettings, base: string, runtime: DestinationRuntime, env: NodeJS.ProcessEnv): ServiceNowAuth {
  if (settings.SERVICENOW_AUTH === 'basic') {
    if (!settings.SERVICENOW_USERNAME || !settings.SERVICENOW_PASSWORD) {
      throw new ConfigError('SERVICENOW_USERNAME', 'and SERVICENOW_PASSWORD are required when SERVICENOW_AUTH is basic');
    }
    const password = resolveSecret('SERVICENOW_PASSWORD', settings.SERVICENOW_PASSWORD, env);
    const value = `Basic ${Buffer.from(`${settings.SERVICENOW_USERNAME}:${password}`, 'utf8').toString('base64')}`;
    return { header: () => Promise.resolve({ ok: true, value, attempts: 0 }), reset: () => undefined };
  }
  if (!settings.SERVICENOW_CLIENT_ID || !settings.SERVICENOW_CLIENT_SECRET) {
    throw new ConfigError('SERVICENOW_CLIENT_ID', 'and SERVICENOW_CLIENT_SECRET are required when SERVICENOW_AUTH is oauth');
  }
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: settings.SERVICENOW_CLIENT_ID,
    client_secret: resolveSecret('SERVICENOW_CLIENT_SECRET', settings.SERVICENOW_CLIENT_SECRET, env),
  }).toString();
  let cached: { value: string; expiresAt: number } | undefined;
  return {
    async header(signal?: AbortSignal) {
      if (cached && cached.expiresAt > Date.now()) return { ok: true, value: cached.value, attempts: 0 };
      const outcome = await send(runtime, {
        method: 'POST',
        url: `${base}/oauth_token.do`,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: form,
        ...(signal ? { signal } : {}),
      });
      if (!outcome.ok) return { ...outcome, error: { ...outcome.error, message: `token request failed: ${outcome.error.message}` } };
      const token = TokenResponseSchema.safeParse(safeJson(outcome.response.text));
      if (!token.success) return { ok: false, attempts: outcome.attempts, error: { code: 'bad_response', message: 'the token endpoint returned no access_token', retryable: false } };
      // Renew a minute early so a token never expires between the check and the request.
      cached = { value: `Bearer ${token.data.access_token}`, expiresAt: Date.now() + Math.max(0, token.data.expires_in - 60) * 1000 };
      return { ok: true, value: cached.value, attempts: outcome.attempts };
    },
    reset() {
      cached = undefined;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export { serviceNowAuth };
export type { ServiceNowAuth };
