/**
 * Risk levels of a certificate, as in the SSL audit skill of seed 003 (`ssl_certificate_audit`):
 * - `EXPIRED`: days remaining < 0, immediate renewal, this is causing outages
 * - `CRITICAL`: ≤ 7 days, or the certificate does not verify (untrusted chain, wrong host name)
 * - `WARNING`: ≤ 30 days, schedule renewal this sprint
 * - `ATTENTION`: ≤ 60 days, add to the next renewal cycle
 * - `HEALTHY`: more than 60 days
 */
type CertificateRiskLevel = 'EXPIRED' | 'CRITICAL' | 'WARNING' | 'ATTENTION' | 'HEALTHY';

const DAY_MS = 86_400_000;

/** Whole days until `notAfter`, floored like Python's `timedelta.days` (so 1 h past expiry is -1). */
function daysRemaining(notAfter: Date, now: Date): number {
  return Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
}

/**
 * Classifies a certificate. Expiry wins over everything; a certificate that fails verification
 * (untrusted chain or host-name mismatch) is at least `CRITICAL`, as the seed's audit treats a
 * verification failure, because clients already refuse it.
 */
function classifyCertificateRisk(days: number, verified: boolean): CertificateRiskLevel {
  if (days < 0) return 'EXPIRED';
  if (days <= 7 || !verified) return 'CRITICAL';
  if (days <= 30) return 'WARNING';
  if (days <= 60) return 'ATTENTION';
  return 'HEALTHY';
}

export { classifyCertificateRisk, daysRemaining };
export type { CertificateRiskLevel };
