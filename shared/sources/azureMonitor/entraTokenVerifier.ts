import { verify as verifySignature } from 'node:crypto';
import { z } from 'zod';
import { ForbiddenError, UnauthenticatedError } from '../../errors';
import type { SigningKeySource } from './jwksKeySource';

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

function decodeSegment(segment: string): unknown {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
}

/** Entra issuers for a tenant: v2.0 and v1 tokens. */
function defaultIssuers(tenantId: string): string[] {
  return [`https://login.microsoftonline.com/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`];
}

/**
 * Verifies an `Authorization: Bearer <JWT>` header from an action group's Secure Webhook:
 * RS256 signature against the configured key set, `exp`/`nbf` with leeway, issuer, audience,
 * tenant, calling app id and app role. Missing or unreadable tokens raise
 * {@link UnauthenticatedError} (401); valid-looking tokens failing a check raise
 * {@link ForbiddenError} (403). Messages name the failed check, never the token.
 */
async function verifyEntraToken(
  authorization: string | undefined,
  policy: EntraTokenPolicy,
  keys: SigningKeySource,
  nowMs: number = Date.now(),
): Promise<EntraTokenClaims> {
  const match = /^Bearer\s+([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  if (!match) throw new UnauthenticatedError('a bearer token is required (Secure Webhook)');
  const [, headerPart, payloadPart, signaturePart] = match;
  let header: z.infer<typeof HeaderSchema>;
  let claims: EntraTokenClaims;
  try {
    header = HeaderSchema.parse(decodeSegment(headerPart!));
    claims = ClaimsSchema.parse(decodeSegment(payloadPart!));
  } catch (error) {
    throw new UnauthenticatedError('the bearer token is not a readable JWT', { cause: error });
  }
  // Entra signs access tokens with RS256 only; refusing others blocks `none` and HMAC-confusion tricks.
  if (header.alg !== 'RS256') throw new ForbiddenError('the bearer token is not signed with RS256');
  const key = await keys.getKey(header.kid);
  if (key === undefined) throw new ForbiddenError('the bearer token is signed with an unknown key');
  const signed = Buffer.from(`${headerPart}.${payloadPart}`, 'utf8');
  if (!verifySignature('RSA-SHA256', signed, key, Buffer.from(signaturePart!, 'base64url'))) {
    throw new ForbiddenError('the bearer token signature is invalid');
  }
  const now = nowMs / 1000;
  if (claims.exp + policy.clockSkewSeconds < now) throw new ForbiddenError('the bearer token has expired');
  if (claims.nbf !== undefined && claims.nbf - policy.clockSkewSeconds > now) throw new ForbiddenError('the bearer token is not valid yet');
  const issuers = policy.issuers && policy.issuers.length > 0 ? policy.issuers : defaultIssuers(policy.tenantId);
  if (!issuers.includes(claims.iss)) throw new ForbiddenError('the bearer token issuer is not accepted');
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.some((aud) => policy.audiences.includes(aud))) throw new ForbiddenError('the bearer token audience is not accepted');
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
