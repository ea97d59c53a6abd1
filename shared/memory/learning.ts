import { createHash } from 'node:crypto';
import { z } from 'zod';
import { recordIdSchema } from '../ids';

/** How many investigations a learning names as its sources (newest first). */
const LEARNING_SOURCES = 20;
/** The absolute cap of a stored note; `MEMORY_LEARNING_MAX_CHARS` (at most this) is the working bound. */
const LEARNING_HARD_MAX_CHARS = 20_000;

/** Who wrote a version of a learning: the model (accepted by the learning gate) or the verdicts. */
const learningWriterSchema = z.enum(['model', 'verdicts']);

/** One investigation a learning was written from. */
const learningSourceSchema = z.object({ investigationId: z.string().min(1), at: z.string(), writtenBy: learningWriterSchema });

/**
 * What the responder has learned about one service: a short markdown note rewritten after each
 * investigation of it, with its provenance (docs/memory.md). Investigations of the service give it
 * to their subagents, in the opening message (never the cached prefix), and cite it.
 */
const learningSchema = z.object({
  schemaVersion: z.literal(1),
  /** `learning-<hash of the service>`: one note per service (`GET`/`DELETE /api/memory/{id}`). */
  id: recordIdSchema,
  kind: z.literal('learning'),
  service: z.string().min(1).max(1000),
  text: z.string().min(1).max(LEARNING_HARD_MAX_CHARS),
  /** Who wrote the current version, and with which model. */
  writtenBy: learningWriterSchema,
  model: z.string().nullable(),
  updatedAt: z.string(),
  /** The investigations it was written from, newest first. */
  sources: z.array(learningSourceSchema).max(LEARNING_SOURCES),
  /** Why the model's version was refused, when the verdicts wrote this one instead. */
  gateRejections: z.array(z.string()),
});

type Learning = z.infer<typeof learningSchema>;
type LearningWriter = z.infer<typeof learningWriterSchema>;

/** The id of a service's learning: stable, and a valid record id whatever the service name holds. */
function learningIdOf(service: string): string {
  return `learning-${createHash('sha256').update(service).digest('hex').slice(0, 24)}`;
}

/** The next version's provenance: this investigation first, the earlier ones after it (once each). */
function nextSources(previous: Learning | undefined, source: z.infer<typeof learningSourceSchema>): Learning['sources'] {
  return [source, ...(previous?.sources ?? []).filter((s) => s.investigationId !== source.investigationId)].slice(0, LEARNING_SOURCES);
}

export { learningSchema, learningIdOf, nextSources, LEARNING_HARD_MAX_CHARS };
export type { Learning, LearningWriter };
