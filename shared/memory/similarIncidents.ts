import { investigationPageUrl } from '../dashboard/dashboardLinks';
import type { Incident } from '../incident';
import { memoryKeys, type MemoryRecord } from './memoryRecord';
import type { SeenBefore } from './seenBefore';

/** At most this many past incidents are recalled. */
const MAX_SIMILAR = 3;
/** Title similarity (Jaccard index of word tokens) from which a past title alone counts as similar. */
const TITLE_SIMILARITY = 0.5;

/** Lower-cased words of 2+ letters or digits: `Http 5xx on checkout-api` → http, 5xx, on, checkout, api. */
function titleTokens(title: string): Set<string> {
  return new Set(title.toLowerCase().match(/[a-z0-9]{2,}/g) ?? []);
}

/** Jaccard index of the two titles' token sets: shared tokens / all tokens, 0..1. */
function titleSimilarity(a: string, b: string): number {
  const left = titleTokens(a);
  const right = titleTokens(b);
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const token of left) if (right.has(token)) shared++;
  return shared / (left.size + right.size - shared);
}

/** The keys of the new incident that a record shares, and the title similarity. */
function matchOf(record: MemoryRecord, incident: Incident, service: string | null): { keys: string[]; similarity: number } {
  const own = memoryKeys(incident, service);
  const resources = new Set(own.resources);
  const keys = [
    ...(own.service !== null && record.service === own.service ? ['service'] : []),
    ...(record.resources.some((id) => resources.has(id)) ? ['resource'] : []),
    ...(own.alertRule !== null && record.alertRule === own.alertRule ? ['alert rule'] : []),
    ...(record.groupKey === own.groupKey ? ['group key'] : []),
  ];
  return { keys, similarity: titleSimilarity(record.title, incident.title) };
}

/**
 * Past incidents like this one: those sharing a key (service, resource, alert rule, group key),
 * most recent first, then those whose title alone is similar enough, most similar first; at most
 * {@link MAX_SIMILAR}. `records` are newest first; the current investigation's own record is skipped.
 */
function similarIncidents(records: ReadonlyArray<MemoryRecord>, incident: Incident, service: string | null, currentId: string, baseUrl: string): SeenBefore[] {
  const candidates = records
    .filter((record) => record.investigationId !== currentId)
    .map((record) => ({ record, ...matchOf(record, incident, service) }))
    .filter((c) => c.keys.length > 0 || c.similarity >= TITLE_SIMILARITY);
  const byKey = candidates.filter((c) => c.keys.length > 0).sort((a, b) => b.record.recordedAt.localeCompare(a.record.recordedAt));
  const byTitle = candidates.filter((c) => c.keys.length === 0).sort((a, b) => b.similarity - a.similarity);
  return [...byKey, ...byTitle].slice(0, MAX_SIMILAR).map(({ record, keys, similarity }) => ({
    memoryId: record.id,
    investigationId: record.investigationId,
    url: investigationPageUrl(baseUrl, record.investigationId),
    firedAt: record.firedAt,
    title: record.title,
    matchedBy: [...keys, ...(similarity >= TITLE_SIMILARITY ? [`title (${similarity.toFixed(2)})`] : [])],
    summary: record.summary,
    rootCause: record.rootCause,
    rootCauseCategory: record.rootCauseCategory,
    confidence: record.confidence,
    confirmedHypotheses: record.confirmedHypotheses,
    decidingQueries: record.decidingQueries,
    recommendedActions: record.recommendedActions,
    mitigations: record.mitigations,
    resolvedAt: record.resolvedAt,
  }));
}

/** The most recent similar incident with a confirmed cause (a supported hypothesis and a category), if any. */
function lastConfirmed(seenBefore: ReadonlyArray<SeenBefore>): SeenBefore | undefined {
  return seenBefore.find((s) => s.confirmedHypotheses.length > 0 && s.rootCauseCategory !== null && s.rootCauseCategory !== 'undetermined');
}

/**
 * The hypotheses to check first: those of the plan whose category the most recent similar incident
 * with a confirmed cause (a supported hypothesis) had. Empty when none had one.
 */
function checkFirst(seenBefore: ReadonlyArray<SeenBefore>, hypotheses: ReadonlyArray<{ id: string; rootCauseCategory: string }>): string[] {
  const confirmed = lastConfirmed(seenBefore);
  if (!confirmed) return [];
  return hypotheses.filter((h) => h.rootCauseCategory === confirmed.rootCauseCategory).map((h) => h.id);
}

export { similarIncidents, checkFirst, lastConfirmed, titleSimilarity };
