import { resolve, sep } from 'node:path';
import type { KnowledgeUse } from './knowledgeUse';

/** A folder knowledge is read from, and what the report calls it. */
interface KnowledgeFolder {
  directory: string;
  origin: KnowledgeUse['origin'];
}

/** A bundled folder at the app root (compiled code sits in dist/shared/knowledge). */
function bundledFolder(name: 'knowledge' | 'skills'): string {
  return resolve(__dirname, '..', '..', '..', name);
}

/** Where runbooks are looked up, in order: KNOWLEDGE_DIR (the operator's, wins on a name clash), then the bundled knowledge/. */
function runbookFolders(settings: { KNOWLEDGE_DIR?: string | undefined }): KnowledgeFolder[] {
  return [...(settings.KNOWLEDGE_DIR ? [{ directory: resolve(settings.KNOWLEDGE_DIR), origin: 'KNOWLEDGE_DIR' as const }] : []), { directory: bundledFolder('knowledge'), origin: 'bundled' }];
}

/** Where skills are looked up, in order: SKILLS_DIR (wins on a name clash), then the bundled skills/. */
function skillFolders(settings: { SKILLS_DIR?: string | undefined }): KnowledgeFolder[] {
  return [...(settings.SKILLS_DIR ? [{ directory: resolve(settings.SKILLS_DIR), origin: 'SKILLS_DIR' as const }] : []), { directory: bundledFolder('skills'), origin: 'bundled' }];
}

/** `name` resolved inside `directory`, or undefined when it would leave it (`../secrets`, an absolute path). */
function pathInside(directory: string, name: string): string | undefined {
  const path = resolve(directory, name);
  return path.startsWith(directory + sep) ? path : undefined;
}

export { runbookFolders, skillFolders, pathInside, bundledFolder };
export type { KnowledgeFolder };
