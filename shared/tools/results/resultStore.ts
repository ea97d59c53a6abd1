import type { ContainerClient } from '@azure/storage-blob';
import { z } from 'zod';
import { requireRecordId } from '../../ids';
import { StorageReadiness } from '../../storage';
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
 * @throws ValidationError when an id is not a record id (it could escape its folder).
 */
function resultBlobPath(investigationId: string, callId: string): string {
  return `${requireRecordId('investigationId', investigationId)}/${requireRecordId('callId', callId)}.json`;
}

/** A {@link ResultStore} on a blob container (created on first write, and again if storage loses it). */
function createBlobResultStore(container: ContainerClient): ResultStore {
  const readiness = new StorageReadiness(() => container.createIfNotExists());
  return {
    container: container.containerName,
    async put(stored) {
      const parsed = storedResultSchema.parse(stored);
      const path = resultBlobPath(parsed.investigationId, parsed.callId);
      const body = JSON.stringify(parsed);
      await readiness.run(() => container.getBlockBlobClient(path).upload(body, Buffer.byteLength(body), { blobHTTPHeaders: { blobContentType: 'application/json' } }));
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
