import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { ConfigError, TransientError } from '../../errors';

const JwkSchema = z.looseObject({ kty: z.string(), kid: z.string().optional(), use: z.string().optional(), alg: z.string().optional() });
const JwksSchema = z.object({ keys: z.array(JwkSchema) });

/** Looks up the public key that signed a token, by `kid`. */
interface SigningKeySource {
  /** The key with this `kid`, or `undefined` when the key set does not hold it. Throws {@link TransientError} when keys cannot be fetched. */
  getKey(kid: string): Promise<KeyObject | undefined>;
}

/** Where signing keys come from: an inline JWKS document, or a JWKS URL (Entra's `discovery/v2.0/keys`). */
interface JwksOptions {
  /** JWKS JSON text (`{"keys":[...]}`); wins over `url`. */
  inline?: string;
  url?: string;
  /** How long fetched keys are trusted before a refetch. @default 86_400_000 (24 h) */
  cacheTtlMs?: number;
  /** Minimum time between refetches triggered by an unknown `kid` (Entra rotates keys). @default 300_000 */
  refetchIntervalMs?: number;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

function toKeyMap(document: unknown, origin: string): Map<string, KeyObject> {
  const parsed = JwksSchema.safeParse(document);
  if (!parsed.success) throw new ConfigError(origin, 'is not a JSON Web Key Set ({"keys":[...]})', { cause: parsed.error });
  const keys = new Map<string, KeyObject>();
  for (const jwk of parsed.data.keys) {
    if (jwk.kid === undefined || (jwk.use !== undefined && jwk.use !== 'sig')) continue;
    keys.set(jwk.kid, createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }));
  }
  return keys;
}

/**
 * A signing-key source over a JWKS. Inline key sets are parsed once; URL key sets are fetched
 * lazily, cached, and refetched (at most every `refetchIntervalMs`) when a token names an
 * unknown `kid`, which is how Entra key rotation shows up.
 */
function createJwksKeySource(options: JwksOptions): SigningKeySource {
  const now = options.now ?? Date.now;
  if (options.inline !== undefined) {
    let document: unknown;
    try {
      document = JSON.parse(options.inline);
    } catch (error) {
      throw new ConfigError('JWKS', 'inline key set is not valid JSON', { cause: error });
    }
    const keys = toKeyMap(document, 'JWKS');
    return { getKey: async (kid) => keys.get(kid) };
  }
  const url = options.url;
  if (url === undefined) throw new ConfigError('JWKS', 'set either an inline key set or a key set URL');
  const ttl = options.cacheTtlMs ?? 86_400_000;
  const refetchInterval = options.refetchIntervalMs ?? 300_000;
  let cached: { keys: Map<string, KeyObject>; fetchedAt: number } | undefined;

  async function load(): Promise<Map<string, KeyObject>> {
    let response: Response;
    try {
      response = await fetch(url!, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(5000) });
    } catch (error) {
      throw new TransientError(`signing keys could not be fetched from ${new URL(url!).host}`, { cause: error });
    }
    if (!response.ok) throw new TransientError(`signing keys could not be fetched from ${new URL(url!).host}: HTTP ${response.status}`);
    const keys = toKeyMap(await response.json(), 'JWKS URL');
    cached = { keys, fetchedAt: now() };
    return keys;
  }

  return {
    async getKey(kid) {
      const fresh = cached !== undefined && now() - cached.fetchedAt < ttl;
      const keys = fresh ? cached!.keys : await load();
      const key = keys.get(kid);
      if (key !== undefined || now() - (cached?.fetchedAt ?? 0) < refetchInterval) return key;
      return (await load()).get(kid);
    },
  };
}

export { createJwksKeySource };
export type { SigningKeySource, JwksOptions };
