import { randomUUID } from 'node:crypto';
import type { IncidentSource } from '../incident';
import { storageCall, type IngestionStore } from './ingestionStore';

/**
 * Where a request body will be archived: `<source>/<yyyy>/<mm>/<dd>/<uuid>.json` in UTC. Chosen
 * before parsing so the path can be copied onto the incidents parsed from it.
 */
function rawPayloadPath(source: IncidentSource, receivedAt: Date): string {
  const iso = receivedAt.toISOString();
  return `${source}/${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/${randomUUID()}.json`;
}

/**
 * Stores the body exactly as received (signatures and audits need the original bytes). Throws
 * `TransientError` when storage fails, so the caller answers 503 and the source retries.
 */
async function archiveRawBody(store: IngestionStore, path: string, body: Buffer, contentType: string | undefined, receivedAt: Date): Promise<void> {
  await store.ready();
  await storageCall('archiving the raw body', () =>
    store.raw.getBlockBlobClient(path).uploadData(body, {
      blobHTTPHeaders: { blobContentType: contentType ?? 'application/octet-stream' },
      metadata: { receivedat: receivedAt.toISOString() },
    }),
  );
}

export { rawPayloadPath, archiveRawBody };
