import * as df from 'durable-functions';
import { ActivityNames } from '../../shared/durable';
import { investigationSettings, persistInputSchema, persistReport, type PersistOutput } from '../../shared/investigation';

/** Stores report.md and report.json in blob storage. */
async function persistReportActivity(input: unknown): Promise<PersistOutput> {
  const { report } = persistInputSchema.parse(input);
  return persistReport(report, investigationSettings.load().REPORTS_CONTAINER);
}

df.app.activity(ActivityNames.persistReport, { handler: persistReportActivity });

export { persistReportActivity };
