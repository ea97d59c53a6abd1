import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Incident } from '../../../shared/incident';
import { pagerDutyIncident } from '../targets/targetFixtures';

/** An incident saying `title` (and `description`), with no alert rule or resources to add words. */
function incidentSaying(title: string, description = ''): Incident {
  return { ...pagerDutyIncident(), title, description, rule: null, resources: [], service: null };
}

/** A fresh folder holding `files` (relative path → text). */
function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'knowledge-test-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** A valid SKILL.md for `<name>/SKILL.md`. */
function skillFile(name: string, description: string, body = `Do the ${name} procedure.`): Record<string, string> {
  return { [`${name}/SKILL.md`]: `---\nname: ${name}\ndescription: ${description}\n---\n${body}\n` };
}

export { incidentSaying, folderWith, skillFile };
