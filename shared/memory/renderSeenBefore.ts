import type { RecalledMemory, SeenBefore } from './seenBefore';

const oneLine = (text: string): string => text.replace(/\r?\n/g, ' ');

/**
 * "## Seen before" of the report: each similar past incident, when, what it was, why it was
 * recalled and the memory it came from (every use of a memory is cited by its id).
 */
function renderSeenBeforeSection(seenBefore: ReadonlyArray<SeenBefore> | undefined): string[] {
  if (!seenBefore || seenBefore.length === 0) return [];
  const lines = ['## Seen before', ''];
  for (const past of seenBefore) {
    const cause = past.rootCause ? `${oneLine(past.rootCause)} (category \`${past.rootCauseCategory ?? 'undetermined'}\`, confidence ${Math.round(past.confidence * 100)}%)` : 'undetermined';
    lines.push(
      `- ${past.firedAt}: ${oneLine(past.title)}: investigation [${past.investigationId}](${past.url}) (memory \`${past.memoryId}\`, matched by ${past.matchedBy.join(', ')}).`,
      `  Cause then: ${cause}. ${oneLine(past.summary)}`,
    );
    for (const query of past.decidingQueries) lines.push(`  - deciding query (${query.tool}): \`${oneLine(query.query).replace(/`/g, "'")}\``);
  }
  lines.push('');
  return lines;
}

/** The recalled incidents as a subagent reads them (wrapped as untrusted data by the caller). */
function renderSeenBeforeForPrompt(seenBefore: ReadonlyArray<SeenBefore>): string {
  return [
    'Similar past incidents (from memory; what an earlier investigation concluded, not evidence for this one: verify with queries):',
    ...seenBefore.map((past) =>
      [
        `- ${past.firedAt} ${past.title} (memory ${past.memoryId}, matched by ${past.matchedBy.join(', ')})`,
        `  concluded: ${past.rootCause ?? 'undetermined'} [${past.rootCauseCategory ?? 'undetermined'}], confirmed hypotheses: ${past.confirmedHypotheses.join(', ') || 'none'}`,
        ...past.decidingQueries.map((q) => `  deciding query (${q.tool}): ${q.query}`),
        ...past.recommendedActions.map((a) => `  action taken/recommended: ${a}`),
      ].join('\n'),
    ),
  ].join('\n');
}

/** What a subagent's opening message carries from memory, `undefined` when nothing was recalled. */
function memoryForPrompt(memory: RecalledMemory | undefined): string | undefined {
  if (!memory || memory.seenBefore.length === 0) return undefined;
  return renderSeenBeforeForPrompt(memory.seenBefore);
}

export { renderSeenBeforeSection, renderSeenBeforeForPrompt, memoryForPrompt };
