import { z } from 'zod';
import { recordIdSchema } from '../ids';

/** Longest fact a person may add: a remembered fact is a sentence or two, never a document. */
const FACT_MAX_CHARS = 1000;
/** At most this many facts of a service reach an investigation (newest first). */
const FACTS_PER_INVESTIGATION = 10;

/**
 * A fact someone asked the app to remember about a service (`POST /api/memory/facts`), with who
 * added it and when. Investigations of the service give it to their subagents (docs/memory.md).
 */
const memoryFactSchema = z.object({
  schemaVersion: z.literal(1),
  id: recordIdSchema,
  kind: z.literal('fact'),
  service: z.string().min(1).max(200),
  text: z.string().min(1).max(FACT_MAX_CHARS),
  addedBy: z.string(),
  addedAt: z.string(),
});

type MemoryFact = z.infer<typeof memoryFactSchema>;

/** The body of `POST /api/memory/facts`. */
const addFactBodySchema = z.strictObject({ service: z.string().trim().min(1).max(200), text: z.string().trim().min(1).max(FACT_MAX_CHARS) });

export { memoryFactSchema, addFactBodySchema, FACT_MAX_CHARS, FACTS_PER_INVESTIGATION };
export type { MemoryFact };
