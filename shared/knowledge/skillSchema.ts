import { z } from 'zod';

/**
 * The front matter of a SKILL.md, as the Agent Skills specification (agentskills.io, used by
 * Anthropic's Agent Skills, Azure SRE Agent and HolmesGPT) defines it: `name` and `description`
 * required, `license`, `compatibility`, `metadata` and `allowed-tools` optional. Anything else is
 * an error, so a misspelt field is not silently ignored.
 */
const skillFrontMatterSchema = z
  .object({
    name: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase letters, digits and single hyphens, not starting or ending with a hyphen'),
    description: z.string().trim().min(1, 'must say what the skill does and when to use it').max(1024),
    license: z.string().min(1).optional(),
    compatibility: z.string().min(1).max(500).optional(),
    metadata: z.record(z.string(), z.string()).optional(),
    'allowed-tools': z.string().optional(),
  })
  .strict();

/** A loaded skill: its front matter, Markdown body and where it came from. */
const skillSchema = z.object({
  name: z.string(),
  description: z.string(),
  body: z.string().trim().min(1, 'the skill has no instructions after its front matter'),
  /** `<folder>/<name>/SKILL.md`, for error messages. */
  file: z.string(),
  origin: z.enum(['bundled', 'SKILLS_DIR']),
});

type SkillFrontMatter = z.infer<typeof skillFrontMatterSchema>;
type Skill = z.infer<typeof skillSchema>;

export { skillFrontMatterSchema, skillSchema };
export type { SkillFrontMatter, Skill };
