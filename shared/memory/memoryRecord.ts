import { z } from 'zod';
import type { Incident } from '../incident';
import { recordIdSchema } from '../ids';
import type { InvestigationReport } from '../report/reportSchema';

/** Bounds of a record: a memory is a summary to recall, never a copy of the report. */
const LIMITS = { text: 1000, title: 300, key: 1000, query: 1000, queries: 5, actions: 5, resources: 10 } as const;

/** A remediation action that ran: `cleared` is its verification (null: could not tell or not verified). */
const mitigationSchema = z.object({ action: z.string().max(LIMITS.text), status: z.string(), cleared: z.boolean().nullable() });

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
/** A key longer than any real one (an alert rule name of megabytes) is cut: it then matches only itself, cut the same way. */
const clipKey = (key: string | null): string | null => (key === null ? null : clip(key, LIMITS.key));

/**
 * What one investigation concluded, remembered for the next incident like it (docs/memory.md).
 * Its id is the investigation id. Keys: the resolved service, the ARM ids, the alert rule, the
 * group key; and the title for text similarity.
 */
const memoryRecordSchema = z.object({
  schemaVersion: z.literal(1),
  id: recordIdSchema,
  investigationId: recordIdSchema,
  recordedAt: z.string(),
  /** When the incident fired. */
  firedAt: z.string(),
  title: z.string().max(LIMITS.title),
  service: z.string().max(LIMITS.key).nullable(),
  resources: z.array(z.string().max(LIMITS.key)).max(LIMITS.resources),
  alertRule: z.string().max(LIMITS.key).nullable(),
  groupKey: z.string().max(LIMITS.key),
  planId: z.string(),
  summary: z.string().max(LIMITS.text),
  rootCause: z.string().max(LIMITS.text).nullable(),
  rootCauseCategory: z.string().nullable(),
  confidence: z.number().min(0).max(1),
  /** The supported hypotheses (the confirmed causes), by id. */
  confirmedHypotheses: z.array(z.string()),
  /** The queries behind the supporting evidence: what decided it. */
  decidingQueries: z.array(z.object({ tool: z.string(), query: z.string().max(LIMITS.query) })).max(LIMITS.queries),
  recommendedActions: z.array(z.string().max(LIMITS.text)).max(LIMITS.actions),
  /** Remediation actions that ran, and whether their verification saw the symptom clear (absent in records before). */
  mitigations: z.array(mitigationSchema).max(LIMITS.actions).default([]),
  /** When the source resolved the incident (set on resolve; null until then, absent in records before). */
  resolvedAt: z.string().nullable().default(null),
});

type MemoryRecord = z.infer<typeof memoryRecordSchema>;

/** The service a memory is keyed by: the catalog service the target resolved to, else the incident's own. */
function serviceOf(incident: Incident, report: Pick<InvestigationReport, 'target'>): string | null {
  return report.target?.service ?? incident.service ?? null;
}

/** The alert rule key: its ARM id when the source has one, else its name. */
function alertRuleOf(incident: Incident): string | null {
  return incident.rule ? (incident.rule.id ?? incident.rule.name) : null;
}

/** The keys a memory is stored and recalled by, bounded the same way on both sides. */
function memoryKeys(incident: Incident, service: string | null): Pick<MemoryRecord, 'service' | 'resources' | 'alertRule' | 'groupKey'> {
  return {
    service: clipKey(service),
    resources: incident.resources.slice(0, LIMITS.resources).map((r) => clip(r.id.toLowerCase(), LIMITS.key)),
    alertRule: clipKey(alertRuleOf(incident)),
    groupKey: clip(incident.groupKey, LIMITS.key),
  };
}

/** The record of one persisted report (not yet redacted: the caller redacts before storing). */
function buildMemoryRecord(report: InvestigationReport, incident: Incident, recordedAt: Date): MemoryRecord {
  const supported = report.hypotheses.filter((h) => h.verdict === 'supported').map((h) => h.hypothesisId);
  const deciding = report.evidence.filter((e) => supported.includes(e.hypothesisId) && e.status !== 'error');
  return {
    schemaVersion: 1,
    id: report.investigationId,
    investigationId: report.investigationId,
    recordedAt: recordedAt.toISOString(),
    firedAt: incident.firedAt,
    title: clip(incident.title, LIMITS.title),
    ...memoryKeys(incident, serviceOf(incident, report)),
    planId: report.planId,
    summary: clip(report.summary, LIMITS.text),
    rootCause: report.rootCause === null ? null : clip(report.rootCause, LIMITS.text),
    rootCauseCategory: report.rootCauseCategory,
    confidence: report.confidence,
    confirmedHypotheses: supported,
    decidingQueries: deciding.slice(0, LIMITS.queries).map((e) => ({ tool: e.tool, query: clip(e.query, LIMITS.query) })),
    recommendedActions: report.recommendedActions.slice(0, LIMITS.actions).map((a) => clip(a.action, LIMITS.text)),
    mitigations: (report.remediations ?? [])
      .filter((r) => r.status === 'executed')
      .slice(0, LIMITS.actions)
      .map((r) => ({ action: clip(r.title, LIMITS.text), status: r.status, cleared: r.verification?.cleared ?? null })),
    resolvedAt: null,
  };
}

export { memoryRecordSchema, mitigationSchema, buildMemoryRecord, memoryKeys, serviceOf };
export type { MemoryRecord };
