import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../errors';
import { fileConfigError, readYamlMapping } from '../plans/parsePlanFile';
import type { KnowledgeFolder } from './knowledgeFolders';
import { skillFrontMatterSchema, skillSchema, type Skill } from './skillSchema';

/** The file every skill folder holds (Agent Skills specification). */
const SKILL_FILE = 'SKILL.md';

/**
 * Parses one SKILL.md: YAML front matter validated by {@link skillFrontMatterSchema}, whose
 * `name` must be its folder's name, then a non-empty Markdown body.
 *
 * @throws ConfigError naming the file and the field at fault
 */
function parseSkillFile(file: string, folderName: string, text: string, origin: Skill['origin']): Skill {
  const { raw, body } = readYamlMapping(file, text, 'the skill front matter: name, description');
  const front = skillFrontMatterSchema.safeParse(raw);
  if (!front.success) throw fileConfigError(file, front.error);
  if (front.data.name !== folderName) {
    throw new ConfigError(`${file}: name`, `is '${front.data.name}' but the skill's folder is '${folderName}'; the two must match`);
  }
  const skill = skillSchema.safeParse({ name: front.data.name, description: front.data.description, body: body.trim(), file, origin });
  if (!skill.success) throw fileConfigError(file, skill.error);
  return skill.data;
}

/**
 * Every skill of the folders (`<folder>/<name>/SKILL.md`); a skill of an earlier folder replaces
 * one of the same name in a later one (the operator's SKILLS_DIR before the bundled skills/).
 * Sub-folders without a SKILL.md are ignored (a skill's own resources may sit beside it).
 *
 * @throws ConfigError when the operator's folder is missing or any SKILL.md is invalid
 */
async function loadSkills(folders: ReadonlyArray<KnowledgeFolder>): Promise<Skill[]> {
  const byName = new Map<string, Skill>();
  for (const folder of folders) {
    const entries = await readdir(folder.directory, { withFileTypes: true }).catch((error: unknown) => {
      if (folder.origin === 'bundled') return [];
      throw new ConfigError(folder.origin, `the skills folder ${folder.directory} cannot be read`, { cause: error });
    });
    for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = join(folder.directory, entry.name, SKILL_FILE);
      if (!(await stat(file).catch(() => undefined))?.isFile()) continue;
      const skill = parseSkillFile(file, entry.name, await readFile(file, 'utf8'), folder.origin === 'SKILLS_DIR' ? 'SKILLS_DIR' : 'bundled');
      if (!byName.has(skill.name)) byName.set(skill.name, skill);
    }
  }
  return [...byName.values()];
}

export { loadSkills, parseSkillFile, SKILL_FILE };
