import type { AnswerKey } from '../logAnalytics/data/scenarioFormat';
import { categoryArea, UNDETERMINED } from '../../shared/plans/rootCauseCategory';
import type { InvestigationReport } from '../../shared/report/reportSchema';

/** The graded levels, as incident.io grades its AI: exact cause, one hop short, right area, wrong. */
const GRADES = { exact: 100, one_hop_short: 65, right_area: 35, wrong: 0 } as const;
type Grade = keyof typeof GRADES;

/** One answer-key evidence source (a table, a metric or Resource Graph) and whether the report cites it. */
interface EvidenceSourceScore {
  source: string;
  covered: boolean;
}

/** How one report scored against its answer key; `passed` is the conjunction of the three checks. */
interface ReportScore {
  passed: boolean;
  /** The graded level and its points (100 / 65 / 35 / 0), see {@link gradeReport}. */
  grade: Grade;
  graded: number;
  /**
   * For calibration: the report named a cause and it is the exact one. An `undetermined` report
   * names none, so this is false for it (its confidence is 0: it claims nothing).
   */
  causeCorrect: boolean;
  category: { expected: string; actual: string | null; passed: boolean };
  evidence: {
    passed: boolean;
    /** Key terms of the answer missing from the report's root cause, summary and evidence excerpts. */
    missingKeyTerms: string[];
    sources: EvidenceSourceScore[];
    covered: number;
    /** Sources the report must cite: half of the answer's distinct sources, rounded up (none for an undetermined answer). */
    required: number;
  };
  redHerrings: { passed: boolean; blamed: Array<{ description: string; term: string; where: string }> };
  /** The answer's `ruledOut` causes the report left standing (no hypothesis of that category refuted). */
  notRuledOut: string[];
  /** Supported hypotheses whose category is not the answer's (not a failure on its own; shown for review). */
  alsoSupported: string[];
  /** Why it failed, one sentence per failed check. */
  reasons: string[];
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * True when `term` occurs in `text` as a whole word or phrase, case-insensitively ("cpu" does not
 * match "cpus", "2.5.0" does not match "12.5.01", "payfast" matches "api.payfast-partner"). Word boundaries are applied only at
 * the ends where the term itself starts or ends with a word character.
 */
function mentions(text: string, term: string): boolean {
  const trimmed = term.trim();
  if (!trimmed) return false;
  const start = /^\w/.test(trimmed) ? '(?<!\\w)' : '';
  // Simple inflections still count: "cold starts" mentions "cold start", "scaled" mentions "scale".
  const end = /\w$/.test(trimmed) ? '(?:s|es|d|ed)?(?!\\w)' : '';
  return new RegExp(`${start}${escapeRegExp(trimmed).replace(/\s+/g, '[\\s_-]+')}${end}`, 'i').test(text);
}

/** The distinct evidence sources an answer key names: tables, metrics, and Resource Graph. */
function evidenceSources(answer: AnswerKey): string[] {
  const sources = new Set<string>();
  for (const item of answer.requiredEvidence) {
    if (item.check.kind === 'resourceGraph') sources.add('ResourceGraph');
    else if (item.check.kind === 'metric') sources.add(`metric:${item.check.metric}`);
    else if (item.table) sources.add(item.table);
    else sources.add(item.check.query.split('|')[0]!.trim());
  }
  return [...sources];
}

/** True when a successful piece of the report's evidence ran over `source`. */
function sourceCovered(report: InvestigationReport, source: string): boolean {
  const good = report.evidence.filter((item) => item.status === 'success');
  if (source === 'ResourceGraph') return good.some((item) => item.tool === 'resource_graph_query');
  if (source.startsWith('metric:')) {
    const metric = source.slice('metric:'.length);
    return good.some((item) => item.tool === 'metrics_query' && mentions(item.query, metric));
  }
  return good.some((item) => item.tool !== 'metrics_query' && item.tool !== 'resource_graph_query' && mentions(item.query, source));
}

/**
 * Scores a report against a scenario's answer key: a graded level ({@link gradeReport}) and
 * pass/fail. Three checks, all required to pass:
 *
 * 1. **Category**: the report's `rootCauseCategory` equals the answer's (`undetermined` included).
 * 2. **Evidence**: every answer key term appears (whole word, case-insensitive) in the report's
 *    root cause, summary or evidence excerpts; and the evidence the report cites includes
 *    successful tool calls over at least half (rounded up) of the distinct sources the answer's
 *    required evidence comes from (each table by name in the query, each metric through
 *    `metrics_query`, Resource Graph through `resource_graph_query`). A report cannot pass by
 *    naming the cause without having looked, nor by looking without naming it.
 * 3. **Red herrings**: no blame term of a red herring appears in the root cause or in the title
 *    or summary of any supported hypothesis; and every cause the answer lists under `ruledOut`
 *    has a hypothesis of its category that the report refuted (ruled out on evidence, not merely
 *    outranked or left inconclusive).
 */
function scoreReport(report: InvestigationReport, answer: AnswerKey): ReportScore {
  const reasons: string[] = [];
  const actual = report.rootCauseCategory ?? UNDETERMINED;
  const categoryPassed = actual === answer.rootCauseCategory;
  if (!categoryPassed) reasons.push(`root cause category ${actual}, expected ${answer.rootCauseCategory}`);

  const cause = [report.rootCause ?? '', report.summary, ...report.evidence.map((item) => item.resultExcerpt)].join('\n');
  const missingKeyTerms = answer.keyTerms.filter((term) => !mentions(cause, term));
  const sources = evidenceSources(answer).map((source) => ({ source, covered: sourceCovered(report, source) }));
  const covered = sources.filter((s) => s.covered).length;
  // For an undetermined answer the evidence documents what the data shows; no cause needs showing.
  const required = answer.rootCauseCategory === UNDETERMINED ? 0 : Math.ceil(sources.length / 2);
  const evidencePassed = missingKeyTerms.length === 0 && covered >= required;
  if (missingKeyTerms.length > 0) reasons.push(`the report never mentions ${missingKeyTerms.map((t) => `'${t}'`).join(', ')}`);
  if (covered < required) {
    reasons.push(`evidence covers ${covered} of ${sources.length} required sources (needs ${required}); missing ${sources.filter((s) => !s.covered).map((s) => s.source).join(', ')}`);
  }

  const supported = report.hypotheses.filter((h) => h.verdict === 'supported');
  const blameTexts: Array<{ where: string; text: string }> = [
    { where: 'root cause', text: report.rootCause ?? '' },
    ...supported.map((h) => ({ where: `supported hypothesis ${h.hypothesisId}`, text: `${h.title}\n${h.summary}` })),
  ];
  const blamed = answer.redHerrings.flatMap((herring) =>
    herring.blame.flatMap((term) => blameTexts.filter((t) => mentions(t.text, term)).map((t) => ({ description: herring.description, term, where: t.where }))),
  );
  for (const b of blamed) reasons.push(`${b.where} blames a red herring ('${b.term}': ${b.description})`);
  const notRuledOut = answer.ruledOut.filter(({ category }) => !report.hypotheses.some((h) => h.rootCauseCategory === category && h.verdict === 'refuted'));
  for (const cause of notRuledOut) reasons.push(`no ${cause.category} hypothesis was refuted (${cause.description})`);

  const grade = gradeReport(actual, answer, evidencePassed);
  return {
    passed: categoryPassed && evidencePassed && blamed.length === 0 && notRuledOut.length === 0,
    grade,
    graded: GRADES[grade],
    causeCorrect: grade === 'exact' && actual !== UNDETERMINED,
    category: { expected: answer.rootCauseCategory, actual, passed: categoryPassed },
    evidence: { passed: evidencePassed, missingKeyTerms, sources, covered, required },
    redHerrings: { passed: blamed.length === 0, blamed },
    notRuledOut: notRuledOut.map((cause) => cause.category),
    alsoSupported: supported.filter((h) => h.rootCauseCategory !== answer.rootCauseCategory).map((h) => h.hypothesisId),
    reasons,
  };
}

/**
 * The graded level of a report's conclusion `actual` (a category or `undetermined`):
 *
 * - **exact** (100): the answer's category, and the report shows it (key terms and evidence
 *   sources, as for pass/fail); for an `undetermined` answer, an undetermined report.
 * - **one hop short** (65): the answer's category without the evidence that pins it down, or one
 *   of the answer's `acceptableCategories`.
 * - **right area** (35): another category of the answer's `area` (default: its category's area
 *   in the taxonomy, shared/plans/rootCauseCategory.ts).
 * - **wrong** (0): anything else: another area, `undetermined` when there was a cause to find,
 *   or a cause named when the answer is `undetermined`.
 */
function gradeReport(actual: string, answer: AnswerKey, evidencePassed: boolean): Grade {
  const expected = answer.rootCauseCategory;
  if (expected === UNDETERMINED) return actual === UNDETERMINED ? 'exact' : 'wrong';
  if (actual === UNDETERMINED) return 'wrong';
  if (actual === expected) return evidencePassed ? 'exact' : 'one_hop_short';
  if (answer.acceptableCategories.includes(actual)) return 'one_hop_short';
  return categoryArea(actual) === (answer.area ?? categoryArea(expected)) ? 'right_area' : 'wrong';
}

export { scoreReport, gradeReport, mentions, evidenceSources, GRADES };
export type { ReportScore, EvidenceSourceScore, Grade };
