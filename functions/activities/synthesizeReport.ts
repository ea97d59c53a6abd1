import * as df from 'durable-functions';
import { ActivityNames } from '../../shared/durable';
import { synthesisInputSchema, synthesizeInvestigationReport, type SynthesisOutput } from '../../shared/investigation';

/** Writes the report from the verdicts and runs the Stop quality gate on it. */
async function synthesizeReportActivity(input: unknown): Promise<SynthesisOutput> {
  return synthesizeInvestigationReport(synthesisInputSchema.parse(input));
}

df.app.activity(ActivityNames.synthesizeReport, { handler: synthesizeReportActivity });

export { synthesizeReportActivity };
