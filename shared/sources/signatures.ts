import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Compares two secrets in constant time. Both sides are hashed first so that inputs of different
 * lengths take the same time too (`timingSafeEqual` alone throws on a length mismatch).
 */
function constantTimeEqual(a: string | Buffer, b: string | Buffer): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}

/** HMAC-SHA256 of `data` with `secret` (UTF-8), encoded as asked. */
function hmacSha256(secret: string, data: Buffer | string, encoding: 'hex' | 'base64'): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(data).digest(encoding);
}

/**
 * True when any received signature equals the HMAC of `data` under any configured secret.
 * Every pair is compared (no early exit) so timing does not reveal which secret matched.
 */
function anySignatureMatches(received: readonly string[], secrets: readonly string[], data: Buffer | string, encoding: 'hex' | 'base64'): boolean {
  let matched = false;
  for (const secret of secrets) {
    const expected = hmacSha256(secret, data, encoding);
    for (const signature of received) {
      if (constantTimeEqual(encoding === 'hex' ? signature.toLowerCase() : signature, expected)) matched = true;
    }
  }
  return matched;
}

export { constantTimeEqual, hmacSha256, anySignatureMatches };
