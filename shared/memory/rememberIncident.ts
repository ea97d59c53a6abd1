import { z } from 'zod';
import { governanceServices } from '../governance/governanceServices';
import { IncidentSchema } from '../incident';
import { investigationReportSchema } from '../report/reportSchema';
import { buildMemoryRecord } from './memoryRecord';
import { memorySettings } from './memorySettings';
import { memoryStore } from './memoryStore';
import { updateLearning } from './updateLearning';

/** Input of the `rememberIncident` activity: the persisted report and the incident it is about. */
const rememberInputSchema = z.object({
  schemaVersion: z.literal(1),
  incident: IncidentSchema,
  report: investigationReportSchema,
});

const rememberOutputSchema = z.object({
  schemaVersion: z.literal(1),
  memoryId: z.string().nullable(),
  /** The service's learning, rewritten (absent when memory is off, the incident has no service, or others kept writing first). */
  learningId: z.string().nullable().optional(),
});

type RememberOutput = z.infer<typeof rememberOutputSchema>;

/**
 * Records what an investigation concluded (docs/memory.md) and rewrites its service's learning.
 * Report and incident are redacted before the record and the learning are built (the model writing
 * a learning reads the redacted report), so no secret they quoted is stored; the record's time is
 * the report's finish time, so a retried activity rewrites the same row and the same entry.
 */
async function rememberIncident(input: unknown, env: NodeJS.ProcessEnv = process.env): Promise<RememberOutput> {
  const { incident, report } = rememberInputSchema.parse(input);
  const settings = memorySettings.load(env);
  if (!settings.MEMORY_ENABLED) return { schemaVersion: 1, memoryId: null };
  const { redactor, auditLog } = governanceServices(env);
  const redacted = redactor.redactDeep(report);
  const finishedAt = new Date(report.timings.finishedAt);
  const record = buildMemoryRecord(redacted, redactor.redactDeep(incident), finishedAt);
  const store = memoryStore(settings, env);
  await store.put(record);
  if (record.service === null) return { schemaVersion: 1, memoryId: record.id, learningId: null };
  const learning = await updateLearning({ report: redacted, service: record.service, settings, store, redactor, auditLog, env, now: finishedAt });
  return { schemaVersion: 1, memoryId: record.id, learningId: learning?.id ?? null };
}

export { rememberIncident, rememberInputSchema, rememberOutputSchema };
export type { RememberOutput };
