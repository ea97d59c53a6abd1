import { ForbiddenError, UnauthenticatedError, ValidationError } from '../../errors';
import { anySignatureMatches } from '../signatures';

/**
 * Verifies `X-PagerDuty-Signature` (Webhooks V3): `v1=<hex HMAC-SHA256 of the raw body>`,
 * comma-separated when PagerDuty signs with several secrets during rotation. Accepts when any
 * `v1` entry matches any configured secret (constant-time compares).
 *
 * - missing header → {@link UnauthenticatedError} (401);
 * - header without any well-formed `v1=` entry → {@link ValidationError} (400, PagerDuty's advice for a malformed header);
 * - no match → {@link ForbiddenError} (403).
 */
function verifyPagerDutySignature(header: string | undefined, rawBody: Buffer, secrets: readonly string[]): void {
  if (header === undefined) throw new UnauthenticatedError('the X-PagerDuty-Signature header is missing');
  const signatures = header
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('v1='))
    .map((part) => part.slice(3));
  if (signatures.length === 0 || signatures.some((signature) => !/^[0-9a-fA-F]{64}$/.test(signature))) {
    throw new ValidationError('the X-PagerDuty-Signature header is malformed', [
      { path: 'headers.x-pagerduty-signature', message: 'expected v1=<64 hex digits>[,v1=...]' },
    ]);
  }
  if (!anySignatureMatches(signatures, secrets, rawBody, 'hex')) throw new ForbiddenError('the PagerDuty signature does not match');
}

export { verifyPagerDutySignature };
