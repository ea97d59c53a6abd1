import * as df from 'durable-functions';
import { ActivityNames, CountSignalsInputSchema, type CountSignalsOutput } from '../../shared/durable';
import { ingestionSettings, ingestionStore, readLedger } from '../../shared/ingestion';

/** Reads an investigation's signal ledger: how joined alerts, updates and the resolve reach it. */
async function countSignalsActivity(input: unknown): Promise<CountSignalsOutput> {
  const { instanceId, source, investigationKey } = CountSignalsInputSchema.parse(input);
  const ledger = await readLedger(ingestionStore(ingestionSettings.load()), source, investigationKey, instanceId);
  return { schemaVersion: 1, ...ledger };
}

df.app.activity(ActivityNames.countSignals, { handler: countSignalsActivity });

export { countSignalsActivity };
