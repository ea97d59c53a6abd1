import type { JSONWebKeySet, JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { ConfigError } from '../../errors';
import { jose, NodeURL } from './loadJose';

const JwkSchema = z.looseObject({ kty: z.string(), kid: z.string().optional(), use: z.string().optional(), alg: z.string().optional() });
const JwksSchema = z.object({ keys: z.array(JwkSchema) });

/**
 * Finds the public key that signed a token (by the header's `kid` and `alg`), as `jose`'s
 * `jwtVerify` takes it. Rejects with jose's `ERR_JWKS_NO_MATCHING_KEY` for an unknown key, and
 * with a fetch error or `ERR_JWKS_TIMEOUT` when a remote key set cannot be read.
 */
type SigningKeySource = JWTVerifyGetKey;

/** Where signing keys come from: an inline JWKS document, or a JWKS URL (Entra's `discovery/v2.0/keys`). */
interface JwksOptions {
  /** JWKS JSON text (`{"keys":[...]}`); wins over `url`. */
  inline?: string;
  url?: string;
  /** How long fetched keys are trusted before a refetch. @default 86_400_000 (24 h) */
  cacheTtlMs?: number;
  /** Minimum time between fetches, also those an unknown `kid` triggers (Entra rotates keys). @default 300_000 */
  refetchIntervalMs?: number;
  /** Deadline of one fetch. @default 5000 */
  timeoutMs?: number;
}

/**
 * A signing-key source over a JWKS, built on `jose` (`createLocalJWKSet` / `createRemoteJWKSet`).
 * Inline key sets are checked here, so a bad one fails at startup naming the setting; URL key
 * sets are fetched lazily, cached, and fetched again (at most every `refetchIntervalMs`) when a
 * token names an unknown `kid`, which is how Entra key rotation shows up. Only signing keys
 * (`use` absent or `sig`) with a `kid` are kept.
 */
function createJwksKeySource(options: JwksOptions): SigningKeySource {
  if (options.inline !== undefined) {
    let document: unknown;
    try {
      document = JSON.parse(options.inline);
    } catch (error) {
      throw new ConfigError('JWKS', 'inline key set is not valid JSON', { cause: error });
    }
    const parsed = JwksSchema.safeParse(document);
    if (!parsed.success) throw new ConfigError('JWKS', 'is not a JSON Web Key Set ({"keys":[...]})', { cause: parsed.error });
    const keys = parsed.data.keys.filter((jwk) => jwk.kid !== undefined && (jwk.use === undefined || jwk.use === 'sig'));
    try {
      return jose().createLocalJWKSet({ keys: keys as JSONWebKeySet['keys'] });
    } catch (error) {
      throw new ConfigError('JWKS', 'holds no usable signing key', { cause: error });
    }
  }
  if (options.url === undefined) throw new ConfigError('JWKS', 'set either an inline key set or a key set URL');
  let url: URL;
  try {
    url = new NodeURL(options.url);
  } catch (error) {
    throw new ConfigError('JWKS URL', 'is not a URL', { cause: error });
  }
  return jose().createRemoteJWKSet(url, {
    cacheMaxAge: options.cacheTtlMs ?? 86_400_000,
    cooldownDuration: options.refetchIntervalMs ?? 300_000,
    timeoutDuration: options.timeoutMs ?? 5000,
    headers: { accept: 'application/json' },
  });
}

export { createJwksKeySource };
export type { SigningKeySource, JwksOptions };
