import { z } from 'zod';
import { ForbiddenError, TransientError, UnauthenticatedError } from '../../errors';
import type { SigningKeySource } from './jwksKeySource';
import { jose } from './loadJose';

/** The first-party "AzNS AAD Webhook" application that action groups use for Secure Webhook. */
const AZURE_MONITOR_SECURE_WEBHOOK_APP_ID = '461e8683-5575-4561-ac7f-899cc907d62a';

/** What a Secure Webhook token must satisfy (contracts.md 1.6). */
interface EntraTokenPolicy {
  tenantId: string;
  /** Accepted `aud` values: the app's client id (v2 tokens) and/or its Application ID URI (v1 tokens). */
  audiences: readonly string[];
  /** Accepted `appid` (v1) / `azp` (v2) values. */
  allowedAppIds: readonly string[];
  /** App role the caller must hold (`roles` claim). */
  requiredRole: string;
  /** Accepted issuers; defaults to the tenant's v2 and v1 issuers. */
  issuers?: readonly string[];
  /** Leeway for `exp`/`nbf`, in seconds. */
  clockSkewSeconds: number;
}

const HeaderSchema = z.object({ alg: z.string(), kid: z.string().min(1), typ: z.string().optional() });
const NumericDate = z.number().finite();
const ClaimsSchema = z.looseObject({
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  exp: NumericDate,
  nbf: NumericDate.optional(),
  tid: z.string().optional(),
  appid: z.string().optional(),
  azp: z.string().optional(),
  roles: z.array(z.string()).optional(),
});

/** The validated claims of a Secure Webhook token. */
type EntraTokenClaims = z.infer<typeof ClaimsSchema>;

/** Entra issuers for a tenant: v2.0 and v1 tokens. */
function defaultIssuers(tenantId: string): string[] {
  return [`https://login.microsoftonline.com/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`];
}

/** What a failed `jwtVerify` means for the caller, by jose's error `code` (stable across realms, unlike `instanceof`). */
function refusalOf(error: unknown): Error {
  const { code, claim } = (error ?? {}) as { code?: unknown; claim?: unknown };
  switch (code) {
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return new ForbiddenError('the bearer token is not signed with RS256', { cause: error });
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return new ForbiddenError('the bearer token is signed with an unknown key', { cause: error });
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return new ForbiddenError('the bearer token signature is invalid', { cause: error });
    case 'ERR_JWT_EXPIRED':
      return new ForbiddenError('the bearer token has expired', { cause: error });
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED': {
      const what = claim === 'iss' ? 'issuer is not accepted' : claim === 'aud' ? 'audience is not accepted' : claim === 'nbf' ? 'is not valid yet' : `claim ${String(claim)} is not accepted`;
      return new ForbiddenError(`the bearer token ${what}`, { cause: error });
    }
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return new UnauthenticatedError('the bearer token is not a readable JWT', { cause: error });
    default:
      // Fetching the key set failed (network, timeout, not 200, not JSON): retryable, not the caller's fault.
      return new TransientError('the signing keys could not be read; retry the delivery', { cause: error });
  }
}

/**
 * Verifies an `Authorization: Bearer <JWT>` header from an action group's Secure Webhook with
 * `jose`: RS256 signature against the configured key set, `exp`/`nbf` with leeway, issuer and
 * audience; then tenant, calling app id and app role. Missing or unreadable tokens raise
 * {@link UnauthenticatedError} (401); valid-looking tokens failing a check raise
 * {@link ForbiddenError} (403); a key set that cannot be fetched raises a TransientError.
 * Messages name the failed check, never the token.
 */
async function verifyEntraToken(
  authorization: string | undefined,
  policy: EntraTokenPolicy,
  keys: SigningKeySource,
  nowMs: number = Date.now(),
): Promise<EntraTokenClaims> {
  const match = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(authorization ?? '');
  if (!match) throw new UnauthenticatedError('a bearer token is required (Secure Webhook)');
  const token = match[1]!;
  try {
    HeaderSchema.parse(jose().decodeProtectedHeader(token));
  } catch (error) {
    throw new UnauthenticatedError('the bearer token is not a readable JWT', { cause: error });
  }
  let payload: unknown;
  try {
    // Entra signs access tokens with RS256 only; refusing others blocks `none` and HMAC-confusion tricks.
    ({ payload } = await jose().jwtVerify(token, keys, {
      algorithms: ['RS256'],
      issuer: policy.issuers && policy.issuers.length > 0 ? [...policy.issuers] : defaultIssuers(policy.tenantId),
      audience: [...policy.audiences],
      clockTolerance: policy.clockSkewSeconds,
      currentDate: new Date(nowMs),
      requiredClaims: ['exp'],
    }));
  } catch (error) {
    throw refusalOf(error);
  }
  const parsed = ClaimsSchema.safeParse(payload);
  if (!parsed.success) throw new UnauthenticatedError('the bearer token is not a readable JWT', { cause: parsed.error });
  const claims = parsed.data;
  if (claims.tid?.toLowerCase() !== policy.tenantId.toLowerCase()) throw new ForbiddenError('the bearer token tenant is not accepted');
  const appId = claims.azp ?? claims.appid;
  if (appId === undefined || !policy.allowedAppIds.map((id) => id.toLowerCase()).includes(appId.toLowerCase())) {
    throw new ForbiddenError('the calling application is not allowed');
  }
  if (!(claims.roles ?? []).includes(policy.requiredRole)) throw new ForbiddenError(`the caller lacks the app role ${policy.requiredRole}`);
  return claims;
}

export { AZURE_MONITOR_SECURE_WEBHOOK_APP_ID, defaultIssuers, verifyEntraToken };
export type { EntraTokenPolicy, EntraTokenClaims };
