import type { DurableClient, DurableOrchestrationStatus } from 'durable-functions';
import { z } from 'zod';
import { OrchestratorNames } from '../durable';
import { hypothesisInstanceId, hypothesisStatusSchema, investigationStatusSchema } from './investigationStatus';

/** Filters of `GET /api/investigations`. */
const investigationFilterSchema = z.object({
  status: z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(z.enum(['Pending', 'Running', 'Completed', 'Failed', 'Terminated', 'ContinuedAsNew', 'Suspended'])))
    .optional(),
  source: z.string().optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
});

type InvestigationFilter = z.infer<typeof investigationFilterSchema>;

/** One line of the investigations list. */
interface InvestigationSummary {
  id: string;
  runtimeStatus: string;
  /** When the investigation started (the first execution's start, not the current one's). */
  startedAt: string;
  createdTime: string;
  lastUpdatedTime: string;
  phase: string | null;
  incidentTitle: string | null;
  source: string | null;
  planId: string | null;
  severity: string | null;
  service: string | null;
  summary: string | null;
  /** The report's root-cause category (`null` before the report, or when undetermined). */
  rootCauseCategory: string | null;
  confidence: number | null;
  /** Hypotheses by verdict so far (`pending` until one has a verdict). */
  verdicts: Record<string, number>;
  costUsd: number | null;
  durationMs: number | null;
}

function summarize(status: DurableOrchestrationStatus): InvestigationSummary {
  const custom = investigationStatusSchema.safeParse(status.customStatus);
  const c = custom.success ? custom.data : undefined;
  return {
    id: status.instanceId,
    runtimeStatus: String(status.runtimeStatus),
    startedAt: c?.startedAt ?? new Date(status.createdTime).toISOString(),
    createdTime: new Date(status.createdTime).toISOString(),
    lastUpdatedTime: new Date(status.lastUpdatedTime).toISOString(),
    phase: c?.phase ?? null,
    incidentTitle: c?.incidentTitle ?? null,
    source: c?.source ?? null,
    planId: c?.planId ?? null,
    severity: c?.severity ?? null,
    service: c?.service ?? null,
    summary: c?.report?.summary ?? null,
    rootCauseCategory: c?.report?.rootCauseCategory ?? null,
    confidence: c?.report?.confidence ?? null,
    verdicts: (c?.hypotheses ?? []).reduce<Record<string, number>>((counts, h) => ({ ...counts, [h.verdict ?? 'pending']: (counts[h.verdict ?? 'pending'] ?? 0) + 1 }), {}),
    costUsd: c?.report?.costUsd ?? null,
    durationMs: c?.report?.durationMs ?? null,
  };
}

/**
 * Lists investigations (not their hypothesis sub-orchestrations), newest first. `from` and `to`
 * select by when the investigation started; Durable's created-time filter cannot, since the
 * monitoring phase renews it each time it continues as new.
 */
async function listInvestigations(client: DurableClient, filter: InvestigationFilter): Promise<InvestigationSummary[]> {
  const statuses = await client.getStatusBy(filter.status ? { runtimeStatus: filter.status as never } : {});
  return statuses
    .filter((s) => s.name === OrchestratorNames.investigateIncident)
    .map(summarize)
    .filter((s) => !filter.source || s.source === filter.source)
    .filter((s) => (!filter.from || Date.parse(s.startedAt) >= Date.parse(filter.from)) && (!filter.to || Date.parse(s.startedAt) <= Date.parse(filter.to)))
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

/** One investigation with its live phase, each hypothesis's progress and its report links. */
async function getInvestigation(client: DurableClient, id: string): Promise<Record<string, unknown> | undefined> {
  let status: DurableOrchestrationStatus;
  try {
    status = await client.getStatus(id);
  } catch (error) {
    if (error instanceof Error && /404/.test(error.message)) return undefined;
    throw error;
  }
  if (status.name !== OrchestratorNames.investigateIncident) return undefined;
  const custom = investigationStatusSchema.safeParse(status.customStatus);
  const hypotheses = custom.success
    ? await Promise.all(
        custom.data.hypotheses.map(async (h) => {
          const child = await client.getStatus(hypothesisInstanceId(id, h.id)).catch(() => undefined);
          const progress = hypothesisStatusSchema.safeParse(child?.customStatus);
          return { ...h, runtimeStatus: child ? String(child.runtimeStatus) : null, progress: progress.success ? progress.data : null };
        }),
      )
    : [];
  return {
    ...summarize(status),
    status: custom.success ? custom.data : status.customStatus,
    hypotheses,
    output: status.output ?? null,
    links: {
      self: `/api/investigations/${encodeURIComponent(id)}`,
      reportMarkdown: `/api/investigations/${encodeURIComponent(id)}/report.md`,
      reportJson: `/api/investigations/${encodeURIComponent(id)}/report.json`,
    },
  };
}

export { investigationFilterSchema, listInvestigations, getInvestigation };
export type { InvestigationFilter, InvestigationSummary };
