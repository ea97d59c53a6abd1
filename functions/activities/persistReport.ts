import * as df from 'durable-functions';
import { ActivityNames } from '../../shared/durable';
import { governanceServices } from '../../shared/governance/governanceServices';
import { investigationSettings, persistInputSchema, persistReport, type PersistOutput } from '../../shared/investigation';

/** Stores report.md and report.json in blob storage. */
async function persistReportActivity(input: unknown): Promise<PersistOutput> {
  const { report } = persistInputSchema.parse(input);
  // The report quotes the incident and tool output: secrets are redacted before it is stored.
  return persistReport(governanceServices().redactor.redactDeep(report), investigationSettings.load().REPORTS_CONTAINER);
}

df.app.activity(ActivityNames.persistReport, { handler: persistReportActivity });

export { persistReportActivity };
