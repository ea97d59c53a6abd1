import { ConfigError } from '../../../shared/errors';
import { bundledFolder, skillFolders } from '../../../shared/knowledge/knowledgeFolders';
import { loadSkills } from '../../../shared/knowledge/loadSkills';
import { folderWith, skillFile } from './knowledgeFixtures';

/** Loads the skills of SKILLS_DIR = a folder holding `files`, then the bundled ones. */
function loadFrom(files: Record<string, string>) {
  return loadSkills(skillFolders({ SKILLS_DIR: folderWith(files) }));
}

describe('loadSkills', () => {
  it('loads the bundled skills: at least three, each with a description and instructions', async () => {
    // Act
    const skills = await loadSkills(skillFolders({}));

    // Assess
    expect(skills.length).toBeGreaterThanOrEqual(3);
    for (const skill of skills) {
      expect(skill.file).toBe(`${bundledFolder('skills')}/${skill.name}/SKILL.md`);
      expect(skill.description.length).toBeGreaterThan(80);
      expect(skill.body).toMatch(/```kusto/);
    }
  });

  it("lets SKILLS_DIR add skills and replace a bundled one of the same name, and ignores folders without a SKILL.md", async () => {
    // Act
    const skills = await loadFrom({
      ...skillFile('queue-backlog', 'Service Bus queue backlog.'),
      ...skillFile('cosmos-db-throttling', 'Our own Cosmos DB procedure.', 'Call the data team.'),
      'assets/notes.txt': 'not a skill',
    });

    // Assess
    const byName = new Map(skills.map((s) => [s.name, s]));
    expect(byName.get('queue-backlog')).toMatchObject({ origin: 'SKILLS_DIR', body: 'Do the queue-backlog procedure.' });
    expect(byName.get('cosmos-db-throttling')).toMatchObject({ origin: 'SKILLS_DIR', body: 'Call the data team.' });
    expect(byName.get('aks-pod-memory-troubleshooting')).toMatchObject({ origin: 'bundled' });
    expect(byName.has('assets')).toBe(false);
  });

  it.each([
    ['no front matter', 'Just text.', /SKILL\.md: a Markdown file must start with YAML front matter/],
    ['no description', '---\nname: bad-skill\n---\nBody.', /SKILL\.md: description: /],
    ['an empty description', '---\nname: bad-skill\ndescription: "  "\n---\nBody.', /SKILL\.md: description: must say what the skill does and when to use it/],
    ['an upper-case name', '---\nname: Bad-Skill\ndescription: d\n---\nBody.', /SKILL\.md: name: must be lowercase letters, digits and single hyphens/],
    ['a name that is not its folder', '---\nname: other-skill\ndescription: d\n---\nBody.', /SKILL\.md: name: is 'other-skill' but the skill's folder is 'bad-skill'/],
    ['an unknown field', '---\nname: bad-skill\ndescription: d\ntriggers: [oom]\n---\nBody.', /SKILL\.md: \(root\): .*triggers/],
    ['no instructions', '---\nname: bad-skill\ndescription: d\n---\n\n', /SKILL\.md: body: the skill has no instructions after its front matter/],
  ])('refuses a SKILL.md with %s, naming the file and the field', async (_what, text, message) => {
    // Act
    const loading = loadFrom({ 'bad-skill/SKILL.md': text });

    // Assess
    await expect(loading).rejects.toThrow(ConfigError);
    await expect(loading).rejects.toThrow(message);
  });

  it('refuses a SKILLS_DIR that cannot be read, naming the setting', async () => {
    await expect(loadSkills(skillFolders({ SKILLS_DIR: '/nonexistent/skills-folder' }))).rejects.toThrow(/^SKILLS_DIR: the skills folder \/nonexistent\/skills-folder cannot be read$/);
  });
});
