/**
 * Runs a scenario's answer-key evidence checks against its own data: each must return a
 * non-empty result. Tests use it to keep answer keys honest; evaluation can use it to grade
 * whether a report cited evidence that really exists.
 */
import { executeKql } from '../kql';
import type { EvidenceCheck } from './scenarioFormat';
import type { LoadedScenario } from './scenarioLoader';
import type { TelemetryStore } from './telemetryStore';

/** Outcome of one evidence check. */
interface EvidenceResult {
  description: string;
  passed: boolean;
  /** Rows (KQL) or matching one-minute samples (metric). */
  matches: number;
  error?: string;
}

const COMPARE: Readonly<Record<Extract<EvidenceCheck, { kind: 'metric' }>['operator'], (a: number, b: number) => boolean>> = {
  GreaterThan: (a, b) => a > b,
  LessThan: (a, b) => a < b,
  GreaterThanOrEqual: (a, b) => a >= b,
  LessThanOrEqual: (a, b) => a <= b,
};

function countMatches(check: EvidenceCheck, scenario: LoadedScenario, store: TelemetryStore, now: Date): number {
  switch (check.kind) {
    case 'kql': {
      const workspace = check.workspace ? scenario.workspaces.find((w) => w.name === check.workspace) : scenario.workspaces[0];
      if (!workspace) throw new Error(`unknown workspace ${check.workspace}`);
      return executeKql(check.query, store.databaseFor([workspace]), { now }).tables[0]?.rows.length ?? 0;
    }
    case 'resourceGraph':
      return executeKql(check.query, store.resourceGraphDatabase(), { now }).tables[0]?.rows.length ?? 0;
    case 'metric': {
      // Each sample is one minute, so Total / Average / Maximum of a single sample is the sample itself.
      const series = store.metricSeries(check.resourceId, check.namespace).filter((s) => s.name.toLowerCase() === check.metric.toLowerCase());
      return series.flatMap((s) => s.values).filter((v): v is number => v !== null && COMPARE[check.operator](v, check.threshold)).length;
    }
  }
}

/** Evaluates every `requiredEvidence` check of the scenario; errors are reported, not thrown. */
function checkEvidence(scenario: LoadedScenario, store: TelemetryStore, now: Date = scenario.anchor): EvidenceResult[] {
  return scenario.answer.requiredEvidence.map((evidence) => {
    try {
      const matches = countMatches(evidence.check, scenario, store, now);
      return { description: evidence.description, passed: matches > 0, matches };
    } catch (error) {
      return { description: evidence.description, passed: false, matches: 0, error: (error as Error).message };
    }
  });
}

export type { EvidenceResult };
export { checkEvidence };
