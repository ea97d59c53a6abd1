import * as df from 'durable-functions';
import { createDeliveryLedger, runWriteBack, type DeliveryLedger, type DeliveryResult } from '../../shared/destinations';
import { ActivityNames } from '../../shared/durable';
import { destinationRegistry } from '../../shared/investigation';

let ledger: DeliveryLedger | undefined;

/**
 * Writes one message to one destination, exactly once as far as the destination allows: the
 * ledger records the idempotency key (instance + destination + step) before and after the call.
 * An outage comes back as a `failed` result; only ledger storage failures throw (and retry).
 */
async function writeBackActivity(input: unknown): Promise<DeliveryResult> {
  ledger ??= createDeliveryLedger();
  return runWriteBack(input, destinationRegistry(), ledger);
}

df.app.activity(ActivityNames.writeBack, { handler: writeBackActivity });

export { writeBackActivity };
