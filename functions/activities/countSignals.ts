import * as df from 'durable-functions';
import { ActivityNames, CountSignalsInputSchema, type CountSignalsOutput } from '../../shared/durable';
import { countJoinedSignals, ingestionSettings, ingestionStore } from '../../shared/ingestion';

/** Counts the alerts on an investigation's signal ledger (how joined alerts reach it). */
async function countSignalsActivity(input: unknown): Promise<CountSignalsOutput> {
  const { instanceId, source, investigationKey } = CountSignalsInputSchema.parse(input);
  const joined = await countJoinedSignals(ingestionStore(ingestionSettings.load()), source, investigationKey, instanceId);
  return { schemaVersion: 1, joined };
}

df.app.activity(ActivityNames.countSignals, { handler: countSignalsActivity });

export { countSignalsActivity };
