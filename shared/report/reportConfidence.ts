import { UNDETERMINED } from '../plans/rootCauseCategory';
import type { EvidenceItem, HypothesisRow } from './reportSchema';

/** What the confidence of a conclusion is computed from: the hypotheses table and the cited evidence. */
interface ConfidenceInput {
  hypotheses: ReadonlyArray<Pick<HypothesisRow, 'hypothesisId' | 'rootCauseCategory' | 'verdict' | 'confidence' | 'evidence'>>;
  evidence: ReadonlyArray<Pick<EvidenceItem, 'toolCallId' | 'tool' | 'query' | 'status'>>;
  /** The category the report concludes; `null` or `undetermined` when it names none. */
  rootCauseCategory: string | null;
}

/** Weight of the evidence by how many independent sources back the cause (index = sources, capped at 3). */
const CORROBORATION = [0.5, 0.7, 0.85, 1] as const;

/**
 * Where a piece of evidence comes from: the tool and the table (or first word) its query reads.
 * Two queries over `AppRequests` are one source; `AppRequests` and `AzureActivity` are two.
 */
function evidenceSource(item: Pick<EvidenceItem, 'tool' | 'query'>): string {
  const first = /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(item.query)?.[1] ?? '';
  return `${item.tool}:${first}`;
}

/**
 * The confidence of a report's conclusion: the probability that the root cause it names is the
 * right one, computed from the evidence rather than copied from a rule. Used by both syntheses
 * (deterministic and model; a model may state less, never more) and checked by the Stop gate.
 *
 * - No cause named (`undetermined`, or a category no supported hypothesis has): **0**.
 * - Otherwise, with the supported hypotheses of that category as the backing:
 *   `best backing verdict confidence × corroboration × alternatives × competition`, where
 *   - corroboration: independent sources among the backing's successful evidence
 *     (see {@link evidenceSource}): 0 → 0.5, 1 → 0.7, 2 → 0.85, 3 or more → 1;
 *   - alternatives: `0.75 + 0.25 × (refuted / other hypotheses)`: ruling out the rival causes
 *     raises it, rivals left inconclusive (or none tested at all) lower it;
 *   - competition: `1 / (1 + rival supported hypotheses)`: two causes supported at once halve it.
 *
 * Rounded to two decimals.
 */
function reportConfidence(input: ConfidenceInput): number {
  const category = input.rootCauseCategory;
  if (category === null || category === UNDETERMINED) return 0;
  const backing = input.hypotheses.filter((row) => row.verdict === 'supported' && row.rootCauseCategory === category);
  if (backing.length === 0) return 0;
  const best = Math.max(...backing.map((row) => row.confidence));
  const cited = new Set(backing.flatMap((row) => row.evidence));
  const sources = new Set(input.evidence.filter((item) => cited.has(item.toolCallId) && item.status === 'success').map(evidenceSource));
  const corroboration = CORROBORATION[Math.min(sources.size, CORROBORATION.length - 1)]!;
  const others = input.hypotheses.filter((row) => row.rootCauseCategory !== category);
  const refuted = others.filter((row) => row.verdict === 'refuted').length;
  const alternatives = 0.75 + 0.25 * (others.length === 0 ? 0 : refuted / others.length);
  const competition = 1 / (1 + others.filter((row) => row.verdict === 'supported').length);
  return Math.round(best * corroboration * alternatives * competition * 100) / 100;
}

export { reportConfidence, evidenceSource };
export type { ConfidenceInput };
