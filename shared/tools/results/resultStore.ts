import type { ContainerClient } from '@azure/storage-blob';
import { z } from 'zod';
import { ValidationError } from '../../errors';
import { toolResultSchema } from '../tool';

/** A tool result kept in blob storage because it was too large for the model's context. */
const storedResultSchema = z.object({
  schemaVersion: z.literal(1),
  investigationId: z.string().min(1),
  callId: z.string().min(1),
  hypothesisId: z.string().min(1),
  tool: z.string().min(1),
  arguments: z.record(z.string(), z.unknown()),
  /** The result exactly as the tool returned it. */
  result: toolResultSchema,
});

type StoredResult = z.infer<typeof storedResultSchema>;

/** Ids become blob path segments: letters, digits and `_ . : -` only, so no id can reach another folder. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/;

/** Stores and reads full tool results by investigation and call id. */
interface ResultStore {
  /** Container name, for references the model and the report see. */
  readonly container: string;
  /** Writes (or overwrites, on an activity retry) the result; returns its blob path and size of its data. */
  put(stored: StoredResult): Promise<{ path: string; bytes: number }>;
  /** Reads a stored result; `undefined` when the investigation has none under this call id. */
  get(investigationId: string, callId: string): Promise<StoredResult | undefined>;
}

/**
 * Blob path of a stored result inside its container: `<investigationId>/<callId>.json`.
 *
 * @throws ValidationError when an id could escape its folder (`/`, `..`, other characters).
 */
function resultBlobPath(investigationId: string, callId: string): string {
  for (const [field, value] of [['investigationId', investigationId], ['callId', callId]] as const) {
    if (!ID_PATTERN.test(value) || value.includes('..')) {
      throw new ValidationError(`invalid ${field}`, [{ path: field, message: 'must be 1-200 letters, digits, _ . : or - (no ..)' }]);
    }
  }
  return `${investigationId}/${callId}.json`;
}

/** A {@link ResultStore} on a blob container (created on first write). */
function createBlobResultStore(container: ContainerClient): ResultStore {
  let ensured = false;
  return {
    container: container.containerName,
    async put(stored) {
      const parsed = storedResultSchema.parse(stored);
      const path = resultBlobPath(parsed.investigationId, parsed.callId);
      if (!ensured) {
        await container.createIfNotExists();
        ensured = true;
      }
      const body = JSON.stringify(parsed);
      await container.getBlockBlobClient(path).upload(body, Buffer.byteLength(body), { blobHTTPHeaders: { blobContentType: 'application/json' } });
      return { path: `${container.containerName}/${path}`, bytes: Buffer.byteLength(JSON.stringify(parsed.result.data ?? null)) };
    },
    async get(investigationId, callId) {
      const path = resultBlobPath(investigationId, callId);
      let text: string;
      try {
        text = (await container.getBlobClient(path).downloadToBuffer()).toString('utf8');
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return undefined;
        throw error;
      }
      return storedResultSchema.parse(JSON.parse(text));
    },
  };
}

export { createBlobResultStore, resultBlobPath, storedResultSchema };
export type { ResultStore, StoredResult };
