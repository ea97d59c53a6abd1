import { z } from 'zod';
import { recordIdSchema } from '../ids';
import { memorySettings } from './memorySettings';
import { memoryStore } from './memoryStore';

/** Input of the `rememberResolve` activity: the investigation whose incident the source resolved, and when. */
const rememberResolveInputSchema = z.object({ schemaVersion: z.literal(1), investigationId: recordIdSchema, resolvedAt: z.string() });

/**
 * On resolve: records when the source resolved the incident in its memory record (docs/memory.md),
 * so a later "seen before" says whether and when it was resolved. True when a record was updated.
 */
async function rememberResolve(input: unknown, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const { investigationId, resolvedAt } = rememberResolveInputSchema.parse(input);
  const settings = memorySettings.load(env);
  if (!settings.MEMORY_ENABLED) return false;
  return memoryStore(settings, env).markResolved(investigationId, resolvedAt);
}

export { rememberResolve, rememberResolveInputSchema };
