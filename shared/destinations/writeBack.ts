import { z } from 'zod';
import { ValidationError, fieldProblemsFromZod } from '../errors';
import { deliverOnce, type DeliverOnceOptions } from './deliverOnce';
import { deliveryKeyOf } from './deliveryKey';
import type { DeliveryLedger } from './deliveryLedger';
import { DeliveryMessageSchema, DestinationNameSchema, type DeliveryResult } from './deliveryTypes';
import type { DestinationRegistry } from './destinationRegistry';

/**
 * Input of one write-back activity call: one destination, one step. The orchestration fans out
 * one call per selected destination; `step` must be the same on replay (`report`,
 * `investigation-started`, `approval:<approval id>`, `resolved`), it is part of the idempotency key.
 */
const WriteBackInputSchema = z
  .object({
    schemaVersion: z.literal(1),
    destination: DestinationNameSchema,
    step: z.string().min(1).max(200),
    message: DeliveryMessageSchema,
  })
  .strict();

type WriteBackInput = z.infer<typeof WriteBackInputSchema>;
type WriteBackInputValue = z.input<typeof WriteBackInputSchema>;

/**
 * What a write-back activity runs: validates the input, derives the idempotency key
 * (instance id + destination + step) and delivers once. Returns the DeliveryResult for the
 * investigation status (failed deliveries included); throws ValidationError for a malformed
 * input and TransientError when the ledger is unreachable (retry the activity).
 */
async function runWriteBack(input: unknown, registry: DestinationRegistry, ledger: DeliveryLedger, options: DeliverOnceOptions = {}): Promise<DeliveryResult> {
  const parsed = WriteBackInputSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError('write-back input is invalid', fieldProblemsFromZod(parsed.error.issues));
  const { destination, step, message } = parsed.data;
  return deliverOnce(ledger, registry.get(destination), message, deliveryKeyOf(message.investigationId, destination, step), options);
}

export { WriteBackInputSchema, runWriteBack };
export type { WriteBackInput, WriteBackInputValue };
