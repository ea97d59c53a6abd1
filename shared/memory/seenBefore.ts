import { z } from 'zod';
import { learningSchema } from './learning';
import { memoryFactSchema } from './memoryFact';
import { mitigationSchema } from './memoryRecord';

/**
 * A past incident like this one, recalled from memory at the start of an investigation, and
 * cited in its report ("Seen before") with the memory id it came from (docs/memory.md).
 */
const seenBeforeSchema = z.object({
  /** The memory record used (`GET /api/memory/{memoryId}`; `DELETE` forgets it). */
  memoryId: z.string().min(1),
  investigationId: z.string().min(1),
  /** The past investigation's dashboard page. */
  url: z.string(),
  firedAt: z.string(),
  title: z.string(),
  /** Why it was recalled: `service`, `resource`, `alert rule`, `group key`, `title (0.67)`. */
  matchedBy: z.array(z.string()).min(1),
  summary: z.string(),
  rootCause: z.string().nullable(),
  rootCauseCategory: z.string().nullable(),
  confidence: z.number().min(0).max(1),
  /** Hypotheses the past investigation found supported. */
  confirmedHypotheses: z.array(z.string()),
  decidingQueries: z.array(z.object({ tool: z.string(), query: z.string() })),
  recommendedActions: z.array(z.string()),
  /** Remediations that ran then and whether the symptom cleared: what fixed it (absent in reports before). */
  mitigations: z.array(mitigationSchema).default([]),
  /** When the source resolved it, if it did. */
  resolvedAt: z.string().nullable().default(null),
});

type SeenBefore = z.infer<typeof seenBeforeSchema>;

/** What an investigation recalled: similar past incidents, remembered facts, the service's learning and, in deterministic mode, the hypotheses put first. */
const recalledMemorySchema = z.object({
  seenBefore: z.array(seenBeforeSchema),
  /** Hypotheses whose category a recent similar incident confirmed, scheduled first (deterministic mode). */
  checkedFirst: z.array(z.string()).default([]),
  /** Facts people added about the incident's service (`POST /api/memory/facts`), newest first. */
  facts: z.array(memoryFactSchema).default([]),
  /** What earlier investigations of the service learned (its learning note), when it has one. */
  learning: learningSchema.nullable().default(null),
});

type RecalledMemory = z.infer<typeof recalledMemorySchema>;

export { seenBeforeSchema, recalledMemorySchema };
export type { SeenBefore, RecalledMemory };
