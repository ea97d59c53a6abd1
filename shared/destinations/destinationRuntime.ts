import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors';
import { callWithRetry, DEFAULT_RETRY_POLICY, type CallOutcome, type RetryPolicy } from './callWithRetry';
import { retryPolicyOf, type DestinationSettings } from './destinationSettings';
import { httpCall, type HttpCallRequest } from './httpCall';

/** What every HTTP destination needs besides its own settings. */
interface DestinationRuntime {
  policy: RetryPolicy;
  /** Extra CA certificates (PEM) for HTTPS to local fakes. */
  extraCa: readonly string[];
  /** Accept non-vendor hosts (local fakes); from DESTINATIONS_ALLOW_TEST_HOSTS. */
  allowTestHosts: boolean;
  /** Waits between retries (tests pass a fast one). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const DEFAULT_RUNTIME: DestinationRuntime = { policy: DEFAULT_RETRY_POLICY, extraCa: [], allowTestHosts: false };

/** The runtime the shared settings describe; a bad CA file is a configuration error at startup. */
function runtimeOf(settings: DestinationSettings): DestinationRuntime {
  const file = settings.DESTINATIONS_EXTRA_CA_FILE;
  let extraCa: string[] = [];
  if (file) {
    try {
      const pem = readFileSync(file, 'utf8');
      if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM certificate in the file');
      extraCa = [pem];
    } catch (cause) {
      throw new ConfigError('DESTINATIONS_EXTRA_CA_FILE', `cannot read a PEM certificate from ${file}: ${(cause as Error).message}`, { cause });
    }
  }
  return { policy: retryPolicyOf(settings), extraCa, allowTestHosts: settings.DESTINATIONS_ALLOW_TEST_HOSTS };
}

/** Sends a request with the runtime's retry policy, CA and deadline. */
function send(runtime: DestinationRuntime, request: Omit<HttpCallRequest, 'timeoutMs' | 'extraCa'>, landed?: () => Promise<boolean>): Promise<CallOutcome> {
  return callWithRetry(
    (timeoutMs) => httpCall({ ...request, timeoutMs, extraCa: runtime.extraCa }),
    runtime.policy,
    request.signal,
    runtime.sleep,
    landed,
  );
}

export { DEFAULT_RUNTIME, runtimeOf, send };
export type { DestinationRuntime };
