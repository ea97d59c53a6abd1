import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError, fieldProblemsFromZod } from '../errors';
import type { ImportNote } from '../governance/hooks/azureSreHookShapes';
import { azureSrePlanFromYaml, type SiblingFiles } from './azureSre/azureSrePlanFile';
import { planSchema, type Plan } from './planSchema';

/** Extensions a plan file may have; anything else in a plans folder is ignored. */
const PLAN_FILE_EXTENSIONS = ['.yaml', '.yml', '.md'] as const;

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/;

/** True when the name has a plan extension. */
function isPlanFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return PLAN_FILE_EXTENSIONS.some((extension) => lower.endsWith(extension));
}

/**
 * An Azure SRE Agent instructions file (`*.instructions.md`): read by the agent file that names
 * it, never parsed as a plan of its own.
 */
function isInstructionsFileName(name: string): boolean {
  return name.toLowerCase().endsWith('.instructions.md');
}

/**
 * Parses one plan file (YAML, or Markdown with YAML front matter whose body becomes extra
 * `guidance`). Throws a {@link ConfigError} whose `setting` is `<file>: <field path>`, so an
 * operator sees exactly which plan and which field is wrong.
 *
 * @param fileName shown in errors (e.g. `plans/db-pool.yaml` or `blob:plans/db-pool.md`)
 */
function parsePlanFile(fileName: string, text: string, siblings: SiblingFiles = new Map()): Plan {
  return parsePlanFileWithNotes(fileName, text, siblings).plan;
}

/**
 * {@link parsePlanFile}, with the import notes of an Azure SRE Agent file (workflow template or
 * agent file, read as a plan): what was mapped, what is ignored and why, what cannot be
 * expressed. Our own plan files have no notes.
 *
 * @param siblings the other files of the same source by name (instructions files, handoff agents)
 */
function parsePlanFileWithNotes(fileName: string, text: string, siblings: SiblingFiles = new Map()): { plan: Plan; notes: ImportNote[] } {
  const { raw, body } = readYamlMapping(fileName, text, 'id, title, match, hypotheses, ...');
  const azure = fileName.toLowerCase().endsWith('.md') ? undefined : azureSrePlanFromYaml(fileName, text, siblings);
  const input = azure ? azure.plan : body.trim().length > 0 ? mergeGuidance(raw, body.trim()) : raw;
  const parsed = planSchema.safeParse(input);
  if (!parsed.success) throw fileConfigError(fileName, parsed.error);
  return { plan: parsed.data, notes: azure?.notes ?? [] };
}

/**
 * Reads a YAML config file (or Markdown with YAML front matter) into its mapping and the
 * Markdown body. Shared by plans and scheduled tasks. Throws a {@link ConfigError} naming the
 * file, and the line and column of a YAML error.
 *
 * @param expected what the mapping should hold, for the error when it is not a mapping
 */
function readYamlMapping(fileName: string, text: string, expected: string): { raw: Record<string, unknown>; body: string } {
  const { yamlText, body } = splitPlanText(fileName, text);
  const document = parseDocument(yamlText, { prettyErrors: true });
  if (document.errors.length > 0) {
    const first = document.errors[0];
    const where = first?.linePos?.[0] ? ` (line ${first.linePos[0].line}, column ${first.linePos[0].col})` : '';
    throw new ConfigError(fileName, `is not valid YAML${where}: ${first?.message.split('\n')[0] ?? 'parse error'}`, { cause: first });
  }
  const raw: unknown = document.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(fileName, `must hold a YAML mapping (${expected})`);
  }
  return { raw: raw as Record<string, unknown>, body };
}

/** A {@link ConfigError} whose `setting` is `<file>: <first bad field path>`, listing the others. */
function fileConfigError(fileName: string, error: z.ZodError): ConfigError {
  const problems = fieldProblemsFromZod(error.issues);
  const first = problems[0];
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more: ${problems.slice(1).map((p) => `${p.path || '(root)'}: ${p.message}`).join('; ')})` : '';
  return new ConfigError(`${fileName}: ${first?.path || '(root)'}`, `${first?.message ?? 'invalid'}${more}`, { cause: error });
}

function splitPlanText(fileName: string, text: string): { yamlText: string; body: string } {
  if (!fileName.toLowerCase().endsWith('.md')) return { yamlText: text, body: '' };
  const match = FRONT_MATTER.exec(text);
  if (!match) throw new ConfigError(fileName, 'a Markdown file must start with YAML front matter between two `---` lines');
  return { yamlText: match[1] ?? '', body: match[2] ?? '' };
}

function mergeGuidance(raw: Record<string, unknown>, body: string): Record<string, unknown> {
  const existing = typeof raw.guidance === 'string' && raw.guidance.trim().length > 0 ? `${raw.guidance.trim()}\n\n` : '';
  return { ...raw, guidance: `${existing}${body}` };
}

export { parsePlanFile, parsePlanFileWithNotes, readYamlMapping, fileConfigError, isPlanFileName, isInstructionsFileName, PLAN_FILE_EXTENSIONS };
