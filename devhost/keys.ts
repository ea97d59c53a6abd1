import { randomBytes, timingSafeEqual } from 'node:crypto';

/** The keys the devhost accepts, as the real host's key store would hold them. */
interface HostKeys {
  /** Admin key: passes `admin` and `function` auth levels and the durable management API. */
  master: string;
  /** Default function keys: pass `function` auth level for every function. */
  functionKeys: string[];
}

/**
 * Reads keys from settings (`DEVHOST_MASTER_KEY`, `DEVHOST_FUNCTION_KEYS` comma-separated) or
 * generates random ones, which the devhost prints at startup.
 */
function resolveHostKeys(env: NodeJS.ProcessEnv): HostKeys & { generated: boolean } {
  const master = env.DEVHOST_MASTER_KEY?.trim();
  const functionKeys = (env.DEVHOST_FUNCTION_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  const generate = (): string => randomBytes(24).toString('base64url');
  return {
    master: master || generate(),
    functionKeys: functionKeys.length > 0 ? functionKeys : [generate()],
    generated: !master || functionKeys.length === 0,
  };
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * True when the presented key (`code` query parameter or `x-functions-key` header) satisfies
 * the function's auth level, compared in constant time.
 */
function isAuthorized(authLevel: string | undefined, presented: string | undefined, keys: HostKeys): boolean {
  const level = (authLevel ?? 'function').toLowerCase();
  if (level === 'anonymous') return true;
  if (!presented) return false;
  if (safeEqual(presented, keys.master)) return true;
  return level === 'function' && keys.functionKeys.some((key) => safeEqual(presented, key));
}

export { resolveHostKeys, isAuthorized };
export type { HostKeys };
