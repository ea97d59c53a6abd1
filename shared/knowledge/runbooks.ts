import { readFile, stat } from 'node:fs/promises';
import { pathInside, type KnowledgeFolder } from './knowledgeFolders';
import type { KnowledgeUse } from './knowledgeUse';

/** A runbook found in one of the folders. */
interface FoundRunbook {
  name: string;
  path: string;
  origin: KnowledgeUse['origin'];
}

/** The first folder holding `name` as a file; undefined when none does or the name leaves its folder. */
async function findRunbook(name: string, folders: ReadonlyArray<KnowledgeFolder>): Promise<FoundRunbook | undefined> {
  for (const folder of folders) {
    const path = pathInside(folder.directory, name);
    if (!path) return undefined;
    const info = await stat(path).catch(() => undefined);
    if (info?.isFile()) return { name, path, origin: folder.origin };
  }
  return undefined;
}

/**
 * Problems of the runbooks plans (or scheduled tasks) name: one line per owner and file that no
 * folder holds, naming the folders looked in. Empty when every runbook exists.
 *
 * @param owners `label` says who names the runbooks: `plan <id>`, `task <id>`
 */
async function missingRunbooks(owners: ReadonlyArray<{ label: string; knowledge: ReadonlyArray<string> }>, folders: ReadonlyArray<KnowledgeFolder>): Promise<string[]> {
  const problems: string[] = [];
  for (const owner of owners) {
    for (const name of owner.knowledge) {
      if (!(await findRunbook(name, folders))) {
        problems.push(`${owner.label}: knowledge: runbook '${name}' is in none of ${folders.map((f) => `${f.directory} (${f.origin})`).join(', ')}`);
      }
    }
  }
  return problems;
}

/** A runbook's text as read, before the size cap. */
interface RunbookText extends FoundRunbook {
  text: string;
}

/** Reads the plan's runbooks in order; one that cannot be found or read is a gap (a plan override can change after startup). */
async function readRunbooks(names: ReadonlyArray<string>, folders: ReadonlyArray<KnowledgeFolder>, gaps: string[]): Promise<RunbookText[]> {
  const read: RunbookText[] = [];
  for (const name of new Set(names)) {
    const found = await findRunbook(name, folders);
    if (!found) {
      gaps.push(`runbook ${name} is in no knowledge folder: the subagents worked without it`);
      continue;
    }
    try {
      read.push({ ...found, text: await readFile(found.path, 'utf8') });
    } catch {
      gaps.push(`runbook ${name} could not be read: the subagents worked without it`);
    }
  }
  return read;
}

export { findRunbook, missingRunbooks, readRunbooks };
export type { FoundRunbook, RunbookText };
