import type { KnowledgeUse } from './knowledgeUse';

/**
 * The report's "Knowledge used" section: every runbook and skill the subagents were given, where
 * it came from and why, so the person on call sees what the responder relied on. Nothing when none.
 */
function renderKnowledgeUsedSection(used: ReadonlyArray<KnowledgeUse> | undefined): string[] {
  if (!used || used.length === 0) return [];
  return [
    '## Knowledge used',
    '',
    ...used.map(
      (item) =>
        `- ${item.kind === 'runbook' ? 'Runbook' : 'Skill'} \`${item.name}\` (${item.origin === 'bundled' ? 'bundled' : `from ${item.origin}`}): ${item.reason}; ` +
        `${item.chars} characters${item.truncated ? ', cut to fit the size cap' : ''}.`,
    ),
    '',
  ];
}

export { renderKnowledgeUsedSection };
