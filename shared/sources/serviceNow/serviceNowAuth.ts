import { ForbiddenError, UnauthenticatedError } from '../../errors';
import { anySignatureMatches, constantTimeEqual } from '../signatures';

/**
 * Verifies the business rule's HMAC: `X-Signature: sha256=<base64>` where the MAC is
 * HMAC-SHA256 over `"<X-Signature-Timestamp>.<raw body>"` keyed with the secret's UTF-8 bytes.
 * That is what `CertificateEncryption.generateMac(gs.base64Encode(secret), 'HmacSHA256', data)`
 * returns in ServiceNow (the key argument is base64, the result is base64).
 * The timestamp (Unix seconds) must be within `maxSkewSeconds` of `nowMs`.
 */
function verifyServiceNowHmac(
  signatureHeader: string | undefined,
  timestampHeader: string | undefined,
  rawBody: Buffer,
  secrets: readonly string[],
  maxSkewSeconds: number,
  nowMs: number,
): void {
  if (signatureHeader === undefined || timestampHeader === undefined) {
    throw new UnauthenticatedError('the X-Signature and X-Signature-Timestamp headers are required');
  }
  if (!/^\d{9,11}$/.test(timestampHeader)) throw new UnauthenticatedError('X-Signature-Timestamp must be Unix time in seconds');
  if (Math.abs(nowMs / 1000 - Number(timestampHeader)) > maxSkewSeconds) {
    throw new ForbiddenError(`X-Signature-Timestamp is more than ${maxSkewSeconds} s from the current time`);
  }
  const signatures = signatureHeader
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('sha256='))
    .map((part) => part.slice('sha256='.length));
  if (signatures.length === 0) throw new UnauthenticatedError('X-Signature must be sha256=<base64>');
  const signed = Buffer.concat([Buffer.from(`${timestampHeader}.`, 'utf8'), rawBody]);
  if (!anySignatureMatches(signatures, secrets, signed, 'base64')) throw new ForbiddenError('the ServiceNow signature does not match');
}

/** Verifies `Authorization: Basic` against the configured user and password (constant-time). */
function verifyBasicAuth(authorization: string | undefined, user: string, password: string): void {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization ?? '');
  if (!match) throw new UnauthenticatedError('basic credentials are required');
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const givenUser = colon < 0 ? decoded : decoded.slice(0, colon);
  const givenPassword = colon < 0 ? '' : decoded.slice(colon + 1);
  // Evaluate both so timing does not reveal which half was wrong.
  const userOk = constantTimeEqual(givenUser, user);
  const passwordOk = constantTimeEqual(givenPassword, password);
  if (!userOk || !passwordOk) throw new ForbiddenError('the basic credentials are not accepted');
}

export { verifyServiceNowHmac, verifyBasicAuth };
