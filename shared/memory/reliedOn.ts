import { z } from 'zod';
import type { RecalledMemory } from './seenBefore';
import { lastConfirmed } from './similarIncidents';

/**
 * One memory the investigation used, as the report cites it ("What the responder relied on"):
 * which memory (`GET /api/memory/{memoryId}`), what it said, how it was used and where it came from.
 */
const reliedOnSchema = z.object({
  memoryId: z.string().min(1),
  kind: z.enum(['incident', 'fact', 'learning']),
  /** What the memory says, one line. */
  what: z.string(),
  /** How this investigation used it. */
  use: z.string(),
  /** Provenance: the investigation it came from, or who added or wrote it and when. */
  from: z.string(),
});

type ReliedOn = z.infer<typeof reliedOnSchema>;

const oneLine = (text: string, max = 300): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/**
 * Every memory an investigation was given, and how it used it: with a model, everything recalled
 * went to the subagents (untrusted, to verify); without one, a past incident's confirmed cause
 * orders the checks, and facts and learnings are shown to the reader only.
 */
function reliedOn(memory: RecalledMemory | undefined, engine: 'model' | 'deterministic'): ReliedOn[] {
  if (!memory) return [];
  const toSubagents = 'given to the subagents as untrusted context to verify';
  const readerOnly = 'shown in this report only (the deterministic checks do not read it)';
  const ordering = lastConfirmed(memory.seenBefore);
  const incidents = memory.seenBefore.map((past): ReliedOn => ({
    memoryId: past.memoryId,
    kind: 'incident',
    what: oneLine(`${past.title}: ${past.rootCause ?? 'cause undetermined'}`),
    use:
      engine === 'model'
        ? toSubagents
        : past === ordering && memory.checkedFirst.length > 0
          ? `its confirmed cause (${past.rootCauseCategory}) put ${memory.checkedFirst.join(', ')} first`
          : 'recalled as seen before; it did not change the checks',
    from: `investigation ${past.investigationId} (fired ${past.firedAt}, matched by ${past.matchedBy.join(', ')})`,
  }));
  const facts = memory.facts.map((fact): ReliedOn => ({
    memoryId: fact.id,
    kind: 'fact',
    what: oneLine(fact.text),
    use: engine === 'model' ? toSubagents : readerOnly,
    from: `added by ${oneLine(fact.addedBy, 200)} on ${fact.addedAt}`,
  }));
  const learning = memory.learning;
  const learnings: ReliedOn[] = learning
    ? [
        {
          memoryId: learning.id,
          kind: 'learning',
          what: `learning of service ${oneLine(learning.service, 200)} (${learning.text.length} characters)`,
          use: engine === 'model' ? toSubagents : readerOnly,
          from: `written by ${learning.writtenBy === 'model' ? `the model${learning.model ? ` ${learning.model}` : ''}` : 'the verdicts'} on ${learning.updatedAt}, from investigations ${learning.sources.map((s) => s.investigationId).join(', ')}`,
        },
      ]
    : [];
  return [...incidents, ...facts, ...learnings];
}

export { reliedOnSchema, reliedOn };
export type { ReliedOn };
