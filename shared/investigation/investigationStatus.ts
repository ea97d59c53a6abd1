import { z } from 'zod';

/**
 * The custom status an investigation shows while it runs (read by the ops API and the demo).
 * Hypothesis sub-orchestrations show their own `HypothesisStatus` beside it.
 */
const investigationStatusSchema = z.object({
  schemaVersion: z.literal(1),
  phase: z.enum(['planning', 'investigating', 'synthesizing', 'persisting', 'monitoring', 'resolved', 'completed']),
  incidentTitle: z.string(),
  source: z.string(),
  /** Normalised severity (Sev0–Sev4) and the service or first affected resource, for lists. */
  severity: z.string().nullable().default(null),
  service: z.string().nullable().default(null),
  /**
   * When the investigation started. Durable's own created time is that of the current execution,
   * which the monitoring phase renews each time it continues as new. Null in statuses written
   * before it was recorded.
   */
  startedAt: z.string().nullable().default(null),
  planId: z.string().nullable(),
  engine: z.enum(['model', 'deterministic']).nullable(),
  hypotheses: z.array(z.object({ id: z.string(), title: z.string(), verdict: z.string().nullable() })),
  report: z
    .object({
      markdownPath: z.string(),
      jsonPath: z.string(),
      summary: z.string(),
      confidence: z.number(),
      rootCauseCategory: z.string().nullable().default(null),
      costUsd: z.number().nonnegative().default(0),
      durationMs: z.number().nonnegative().nullable().default(null),
    })
    .nullable(),
  signals: z.number().int().nonnegative(),
  updates: z.number().int().nonnegative(),
  resolvedAt: z.string().nullable(),
  /** Write-back results per step and destination; a failed delivery shows here. */
  deliveries: z
    .array(z.object({ step: z.string(), destination: z.string(), status: z.enum(['delivered', 'skipped', 'failed']), detail: z.string().nullable() }))
    .default([]),
});

const hypothesisStatusSchema = z.object({
  schemaVersion: z.literal(1),
  hypothesisId: z.string(),
  phase: z.enum(['checks', 'reasoning', 'awaiting-approval', 'done']),
  /** The approval this subagent waits for, while `awaiting-approval`. */
  approvalId: z.string().optional(),
  turns: z.number().int().nonnegative(),
  toolCalls: z.number().int().nonnegative(),
});

type InvestigationStatus = z.infer<typeof investigationStatusSchema>;
type HypothesisStatus = z.infer<typeof hypothesisStatusSchema>;

/** Instance id of a hypothesis sub-orchestration: derived, so the ops API can find it. */
function hypothesisInstanceId(investigationId: string, hypothesisId: string): string {
  return `${investigationId}:${hypothesisId}`;
}

export { investigationStatusSchema, hypothesisStatusSchema, hypothesisInstanceId };
export type { InvestigationStatus, HypothesisStatus };
