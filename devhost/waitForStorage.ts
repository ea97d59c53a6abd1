import { TableServiceClient } from '@azure/data-tables';
import { StorageUnavailableError } from '../shared/errors';
import type { Logger } from './logger';

/**
 * Waits until the storage account answers, retrying with backoff, and fails with a message that
 * says which endpoint and what to do when it never does.
 */
async function waitForStorage(connectionString: string, timeoutMs: number, logger: Logger): Promise<void> {
  const client = TableServiceClient.fromConnectionString(connectionString, { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } });
  const deadline = Date.now() + timeoutMs;
  let delay = 100;
  let lastError: unknown;
  let warned = false;
  while (Date.now() < deadline) {
    try {
      await client.getProperties({ abortSignal: AbortSignal.timeout(Math.max(500, Math.min(5000, deadline - Date.now()))) });
      return;
    } catch (error) {
      lastError = error;
      if (!warned && Date.now() + delay < deadline) {
        logger.log('warning', `waiting for storage at ${client.url} ...`);
        warned = true;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 2000);
    }
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new StorageUnavailableError(
    client.url,
    `${reason}. Start Azurite (npm start does it for you) or set AzureWebJobsStorage to a reachable storage account.`,
    { cause: lastError },
  );
}

export { waitForStorage };
