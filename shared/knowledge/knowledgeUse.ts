import { z } from 'zod';

/**
 * One runbook or skill an investigation gave its subagents, recorded in the context and listed in
 * the report (`knowledgeUsed`) so a human sees what the responder relied on.
 */
const knowledgeUseSchema = z.object({
  kind: z.enum(['runbook', 'skill']),
  /** The runbook's file name, or the skill's name. */
  name: z.string().min(1),
  /** The folder it came from: `bundled`, or the setting naming the operator's folder. */
  origin: z.enum(['bundled', 'KNOWLEDGE_DIR', 'SKILLS_DIR']),
  /** Why it was loaded: the plan that lists the runbook, or the words a skill's description shares with the incident. */
  reason: z.string(),
  /** Characters the subagents were given. */
  chars: z.number().int().nonnegative(),
  /** Whether the size cap cut it. */
  truncated: z.boolean(),
});

type KnowledgeUse = z.infer<typeof knowledgeUseSchema>;

export { knowledgeUseSchema };
export type { KnowledgeUse };
