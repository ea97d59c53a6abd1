import type { ReliedOn } from './reliedOn';
import type { RecalledMemory, SeenBefore } from './seenBefore';

const oneLine = (text: string): string => text.replace(/\r?\n/g, ' ');

/** What fixed a past incident: a remediation whose verification saw the symptom clear, else what was done or recommended. */
function fixedBy(past: SeenBefore): string {
  const cleared = past.mitigations.filter((m) => m.cleared === true).map((m) => oneLine(m.action));
  if (cleared.length > 0) return `What fixed it: ${cleared.join('; ')} (verified: the symptom cleared).`;
  const ran = past.mitigations.map((m) => `${oneLine(m.action)} (${m.cleared === false ? 'symptom not cleared' : 'not verified'})`);
  if (ran.length > 0) return `Actions run then: ${ran.join('; ')}.`;
  return past.recommendedActions.length > 0 ? `Recommended then: ${past.recommendedActions.map(oneLine).join('; ')}.` : 'No action recorded.';
}

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
      `  ${fixedBy(past)}${past.resolvedAt ? ` Resolved ${past.resolvedAt}.` : ''}`,
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
        ...past.mitigations.map((m) => `  remediation run: ${m.action} (${m.cleared === true ? 'symptom cleared' : m.cleared === false ? 'symptom not cleared' : 'not verified'})`),
        ...(past.resolvedAt ? [`  resolved: ${past.resolvedAt}`] : []),
      ].join('\n'),
    ),
  ].join('\n');
}

/** What a subagent's opening message carries from memory, `undefined` when nothing was recalled. */
function memoryForPrompt(memory: RecalledMemory | undefined): string | undefined {
  if (!memory) return undefined;
  const parts = [
    ...(memory.seenBefore.length > 0 ? [renderSeenBeforeForPrompt(memory.seenBefore)] : []),
    ...(memory.facts.length > 0 ? [['Facts people asked to remember about this service:', ...memory.facts.map((f) => `- ${f.text} (memory ${f.id}, added by ${f.addedBy} on ${f.addedAt})`)].join('\n')] : []),
    ...(memory.learning
      ? [`What earlier investigations of this service learned (memory ${memory.learning.id}, written by ${memory.learning.writtenBy === 'model' ? 'the model' : 'the verdicts'}, updated ${memory.learning.updatedAt}; earlier conclusions to verify, not evidence):\n${memory.learning.text}`]
      : []),
  ];
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}

const KIND_LABEL: Record<ReliedOn['kind'], string> = { incident: 'past incident', fact: 'remembered fact', learning: 'learning' };

/**
 * "## What the responder relied on" of the report: every memory the investigation used (past
 * incidents, facts, the service's learning), cited by its memory id, with how it was used and
 * where it came from, so a reader can check it (`GET /api/memory/{id}`) or forget it (`DELETE`).
 */
function renderReliedOnSection(used: ReadonlyArray<ReliedOn> | undefined): string[] {
  if (!used || used.length === 0) return [];
  return [
    '## What the responder relied on',
    '',
    ...used.map((m) => `- ${KIND_LABEL[m.kind]} \`${m.memoryId}\`: ${oneLine(m.what).replace(/\.$/, '')}. Used: ${m.use}. From: ${oneLine(m.from)}.`),
    '',
  ];
}

export { renderSeenBeforeSection, renderReliedOnSection, renderSeenBeforeForPrompt, memoryForPrompt };
