import * as df from 'durable-functions';
import { createDeliveryLedger, runWriteBack, type DeliveryLedger, type DeliveryResult } from '../../shared/destinations';
import { ActivityNames } from '../../shared/durable';
import { governanceServices } from '../../shared/governance/governanceServices';
import { destinationRegistry } from '../../shared/investigation';

let ledger: DeliveryLedger | undefined;

/**
 * Writes one message to one destination, exactly once as far as the destination allows: the
 * ledger records the idempotency key (instance + destination + step) before and after the call.
 * An outage comes back as a `failed` result; only ledger storage failures throw (and retry).
 */
async function writeBackActivity(input: unknown): Promise<DeliveryResult> {
  ledger ??= createDeliveryLedger();
  const { redactor, auditLog } = governanceServices();
  // Nothing leaves for an outside system unredacted (incident text, report, evidence).
  const result = await runWriteBack(redactor.redactDeep(input), destinationRegistry(), ledger);
  const { investigationId } = (input as { message: { investigationId: string } }).message;
  await auditLog.append({
    at: new Date().toISOString(),
    investigationId,
    kind: 'write_back',
    actor: { type: 'system', id: result.destination },
    summary: `${result.destination} ${result.status}${result.error ? `: ${result.error.message}` : ''}`,
    details: { idempotencyKey: result.idempotencyKey, status: result.status, attempts: result.attempts, externalRef: result.externalRef ?? null },
  });
  return result;
}

df.app.activity(ActivityNames.writeBack, { handler: writeBackActivity });

export { writeBackActivity };
