import { fileConfigError, readYamlMapping } from '../plans/parsePlanFile';
import { isSreAgentShape, nativeTaskFileSchema, sreAgentTaskFileSchema, type ScheduledTask } from './taskSchema';

/**
 * Parses one task file (YAML, or Markdown with YAML front matter whose body becomes the
 * task's `guidance`), in our shape or Azure SRE Agent's. Throws a {@link ConfigError} whose
 * `setting` is `<file>: <field path>` (e.g. `tasks/daily.yaml: spec.schedule`).
 */
function parseTaskFile(fileName: string, text: string): ScheduledTask {
  const { raw, body } = readYamlMapping(fileName, text, 'id, description, schedule, plan or hypotheses, ... or metadata and spec');
  const sre = isSreAgentShape(raw);
  const input = body.trim() && !sre ? { ...raw, guidance: [raw.guidance, body.trim()].filter((part) => typeof part === 'string' && part.trim()).join('\n\n') } : raw;
  // Errors name the fields of the shape the file is written in.
  const parsed = (sre ? sreAgentTaskFileSchema : nativeTaskFileSchema).safeParse(input);
  if (!parsed.success) throw fileConfigError(fileName, parsed.error);
  return parsed.data;
}

export { parseTaskFile };
