/**
 * What a scheduled run found, from its hypotheses' verdicts (each hypothesis of a health check
 * is a problem it looks for):
 * - `problem`: at least one is supported; posted like an incident report;
 * - `healthy`: every one is refuted; a short result, or nothing when the task says so;
 * - `inconclusive`: none supported but some could not be decided; posted, since nobody knows.
 * A run that produced no report at all (failed or terminated orchestration) is `failed`.
 */
type RunOutcome = 'healthy' | 'problem' | 'inconclusive' | 'failed';

function runOutcome(verdicts: ReadonlyArray<string | null>): Exclude<RunOutcome, 'failed'> {
  if (verdicts.some((verdict) => verdict === 'supported')) return 'problem';
  return verdicts.length > 0 && verdicts.every((verdict) => verdict === 'refuted') ? 'healthy' : 'inconclusive';
}

export { runOutcome };
export type { RunOutcome };
