import { z } from 'zod';
import { defineSettings, positiveInt } from '../config/defineSettings';

/** Settings of runbooks (plans' `knowledge:` files) and SKILL.md skills (docs/knowledge.md). */
const knowledgeSettings = defineSettings('knowledge', 'Runbooks plans load and SKILL.md skills chosen by the incident', {
  KNOWLEDGE_DIR: {
    schema: z.string().min(1).optional(),
    description:
      'Folder of extra knowledge files (runbooks) plans may list under `knowledge:`, read before the bundled knowledge/ folder: ' +
      'a file here with the name of a bundled one replaces it.',
  },
  KNOWLEDGE_MAX_CHARS: {
    schema: z.coerce.number().int().min(500).max(200_000),
    description: "How many characters of a plan's runbooks the subagents are given in all; the rest is cut and the cut is listed as a gap.",
    default: '16000',
  },
  SKILLS_DIR: {
    schema: z.string().min(1).optional(),
    description: 'Folder of extra skills (`<name>/SKILL.md`), read before the bundled skills/ folder: a skill here with the name of a bundled one replaces it.',
  },
  SKILLS_MAX: {
    schema: z.coerce.number().int().min(0).max(20),
    description: 'How many skills an investigation loads at most (the best matching first); 0 turns skills off.',
    default: '3',
  },
  SKILLS_MAX_CHARS: {
    schema: z.coerce.number().int().min(500).max(200_000),
    description: 'How many characters of skill bodies the subagents are given in all; a skill that does not fit is cut and listed as a gap.',
    default: '12000',
  },
  SKILLS_MIN_SHARED_WORDS: {
    schema: positiveInt,
    description: "How many distinct words a skill's description must share with the incident (title, description, alert rule, resources) to be loaded.",
    default: '2',
  },
});

type KnowledgeSettings = ReturnType<typeof knowledgeSettings.load>;

export { knowledgeSettings };
export type { KnowledgeSettings };
