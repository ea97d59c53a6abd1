import { z } from 'zod';
import { governanceServices } from '../governance/governanceServices';
import { IncidentSchema } from '../incident';
import { investigationReportSchema } from '../report/reportSchema';
import { buildMemoryRecord } from './memoryRecord';
import { memorySettings } from './memorySettings';
import { memoryStore } from './memoryStore';

/** Input of the `rememberIncident` activity: the persisted report and the incident it is about. */
const rememberInputSchema = z.object({
  schemaVersion: z.literal(1),
  incident: IncidentSchema,
  report: investigationReportSchema,
});

const rememberOutputSchema = z.object({ schemaVersion: z.literal(1), memoryId: z.string().nullable() });

type RememberOutput = z.infer<typeof rememberOutputSchema>;

/**
 * Records what an investigation concluded (docs/memory.md). Report and incident are redacted
 * before the record is built, so no secret they quoted is stored; the record's time is the
 * report's finish time, so a retried activity rewrites the same row.
 */
async function rememberIncident(input: unknown, env: NodeJS.ProcessEnv = process.env): Promise<RememberOutput> {
  const { incident, report } = rememberInputSchema.parse(input);
  const settings = memorySettings.load(env);
  if (!settings.MEMORY_ENABLED) return { schemaVersion: 1, memoryId: null };
  const { redactor } = governanceServices(env);
  const record = buildMemoryRecord(redactor.redactDeep(report), redactor.redactDeep(incident), new Date(report.timings.finishedAt));
  await memoryStore(settings, env).put(record);
  return { schemaVersion: 1, memoryId: record.id };
}

export { rememberIncident, rememberInputSchema, rememberOutputSchema };
export type { RememberOutput };
