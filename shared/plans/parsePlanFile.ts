import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError, fieldProblemsFromZod } from '../errors';
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
 * Parses one plan file (YAML, or Markdown with YAML front matter whose body becomes extra
 * `guidance`). Throws a {@link ConfigError} whose `setting` is `<file>: <field path>`, so an
 * operator sees exactly which plan and which field is wrong.
 *
 * @param fileName shown in errors (e.g. `plans/db-pool.yaml` or `blob:plans/db-pool.md`)
 */
function parsePlanFile(fileName: string, text: string): Plan {
  const { raw, body } = readYamlMapping(fileName, text, 'id, title, match, hypotheses, ...');
  const withBody = body.trim().length > 0 ? mergeGuidance(raw, body.trim()) : raw;
  const parsed = planSchema.safeParse(withBody);
  if (!parsed.success) throw fileConfigError(fileName, parsed.error);
  return parsed.data;
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
  if (!match) throw new ConfigError(fileName, 'a Markdown plan must start with YAML front matter between two `---` lines');
  return { yamlText: match[1] ?? '', body: match[2] ?? '' };
}

function mergeGuidance(raw: Record<string, unknown>, body: string): Record<string, unknown> {
  const existing = typeof raw.guidance === 'string' && raw.guidance.trim().length > 0 ? `${raw.guidance.trim()}\n\n` : '';
  return { ...raw, guidance: `${existing}${body}` };
}

export { parsePlanFile, readYamlMapping, fileConfigError, isPlanFileName, PLAN_FILE_EXTENSIONS };
