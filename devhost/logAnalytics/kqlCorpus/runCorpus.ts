/**
 * Measures the real-query corpus: which queries Microsoft's analyser calls valid, how many of
 * those the production validator (`validateKql`) accepts, and how many the local emulator runs
 * over empty tables of the documented schema (rows or no rows both count; refusing a construct
 * by name, or failing, does not).
 *
 * `npm run kql:corpus` prints the figures and the constructs the emulator refuses most.
 */
import {
  crossResourceCalls,
  validateKql,
  withClassicAppInsightsTables,
  type CrossResourceTarget,
  type KqlSchema,
} from '../../../shared/kql';
import { rewriteCrossResource } from '../api/crossResourceQuery';
import { executeKql, KqlEvaluationError, KqlUnsupportedError } from '../kql';
import { loadCorpusWorkspace, type CorpusWorkspace } from './corpusSchema';
import { defaultFixtureDir, readCorpus, type CorpusQuery } from './extractCorpus';
import { officialVerdict } from './officialVerdict';

/** What happened to one query. */
interface CorpusOutcome {
  entry: CorpusQuery;
  /** Null when the analyser calls the query valid; else its first error. */
  invalidBecause: string | null;
  /** Null when the validator accepts (or the query is invalid); else its first diagnostic. */
  validatorRefusal: string | null;
  /** Null when the emulator runs it (or the query is invalid); else the refused construct or the error. */
  emulatorFailure: { kind: 'refused' | 'error'; what: string } | null;
}

/** The measured figures. */
interface CorpusReport {
  outcomes: CorpusOutcome[];
  total: number;
  valid: number;
  validatorAccepted: number;
  emulatorCovered: number;
  /** Emulator failures by construct or error message, most frequent first. */
  mostWanted: Array<{ what: string; count: number }>;
}

// Fixed so `ago()` and `now()` give the same answer on every run.
const NOW = new Date('2026-01-01T00:00:00Z');

/** The deployment a query expects: every workspace, component and resource it names configured. */
function targetsFor(query: string, corpus: CorpusWorkspace): CrossResourceTarget[] {
  const targets = new Map<string, CrossResourceTarget>();
  for (const call of crossResourceCalls(query)) {
    const kind = call.fn === 'app' ? 'app' : 'workspace';
    const schema: KqlSchema = kind === 'app' ? withClassicAppInsightsTables(corpus.workspace) : corpus.workspace;
    targets.set(`${call.fn}:${call.id}`, { kind, name: call.id, aliases: [call.id], serviceId: call.id, schema });
  }
  return [...targets.values()];
}

function runEmulator(query: string, scope: 'workspace' | 'component', corpus: CorpusWorkspace): CorpusOutcome['emulatorFailure'] {
  const base = scope === 'component' ? corpus.componentDatabase : corpus.workspaceDatabase;
  try {
    const resolved = rewriteCrossResource(query, base, (fn) => (fn === 'app' ? corpus.componentDatabase : corpus.workspaceDatabase));
    executeKql(resolved.query, resolved.database, { now: NOW });
    return null;
  } catch (error) {
    if (error instanceof KqlUnsupportedError) return { kind: 'refused', what: error.construct };
    // Positions differ per query; without them the same failure groups across queries.
    if (error instanceof KqlEvaluationError) return { kind: 'error', what: `${error.code}: ${error.message.replace(/ \(at offset \d+\)/g, '').slice(0, 160)}` };
    return { kind: 'error', what: `${(error as Error).name}: ${String((error as Error).message).slice(0, 160)}` };
  }
}

function measure(entry: CorpusQuery, corpus: CorpusWorkspace): CorpusOutcome {
  const verdict = officialVerdict(entry.query, corpus);
  if (!verdict.valid) return { entry, invalidBecause: verdict.error, validatorRefusal: null, emulatorFailure: null };
  const schema = verdict.scope === 'component' ? corpus.component : corpus.workspace;
  const validation = validateKql(entry.query, schema, { crossResource: targetsFor(entry.query, corpus) });
  return {
    entry,
    invalidBecause: null,
    validatorRefusal: validation.ok ? null : validation.diagnostics[0]!.message,
    emulatorFailure: runEmulator(entry.query, verdict.scope, corpus),
  };
}

/** Runs every query of the fixture directory's corpus. */
function runCorpus(fixtureDir: string = defaultFixtureDir()): CorpusReport {
  const corpus = loadCorpusWorkspace(fixtureDir);
  const outcomes = readCorpus(fixtureDir).map((entry) => measure(entry, corpus));
  const valid = outcomes.filter((outcome) => outcome.invalidBecause === null);
  const wanted = new Map<string, number>();
  for (const outcome of valid) {
    if (outcome.emulatorFailure) wanted.set(outcome.emulatorFailure.what, (wanted.get(outcome.emulatorFailure.what) ?? 0) + 1);
  }
  return {
    outcomes,
    total: outcomes.length,
    valid: valid.length,
    validatorAccepted: valid.filter((outcome) => outcome.validatorRefusal === null).length,
    emulatorCovered: valid.filter((outcome) => outcome.emulatorFailure === null).length,
    mostWanted: [...wanted].map(([what, count]) => ({ what, count })).sort((a, b) => b.count - a.count || a.what.localeCompare(b.what)),
  };
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '0.0' : ((100 * part) / whole).toFixed(1);
}

/** The report as printed by `npm run kql:corpus` and the corpus test. */
function formatCorpusReport(report: CorpusReport, details = false): string {
  const lines = [
    `Corpus: ${report.total} queries, ${report.valid} valid for Microsoft's analyser`,
    `Validator acceptance: ${report.validatorAccepted}/${report.valid} (${percent(report.validatorAccepted, report.valid)}%)`,
    `Emulator coverage: ${report.emulatorCovered}/${report.valid} (${percent(report.emulatorCovered, report.valid)}%)`,
  ];
  if (report.mostWanted.length > 0) {
    lines.push('Most-wanted refused constructs and errors:');
    for (const { what, count } of report.mostWanted.slice(0, details ? undefined : 15)) lines.push(`  ${count}  ${what}`);
  }
  if (details) {
    for (const outcome of report.outcomes) {
      const problem = outcome.invalidBecause ? `invalid: ${outcome.invalidBecause}` : outcome.validatorRefusal ? `validator: ${outcome.validatorRefusal}` : outcome.emulatorFailure ? `emulator: ${outcome.emulatorFailure.what}` : '';
      if (problem) lines.push(`${outcome.entry.id}  ${problem}`);
    }
  }
  return lines.join('\n');
}

if (require.main === module) {
  console.log(formatCorpusReport(runCorpus(), process.argv.includes('--details')));
}

export type { CorpusOutcome, CorpusReport };
export { runCorpus, formatCorpusReport };
