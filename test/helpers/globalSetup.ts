import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAzurite, type AzuriteHandle } from '../../devhost/azurite';

declare global {
  // eslint-disable-next-line no-var
  var __AZURITE__: AzuriteHandle | undefined;
}

/**
 * One Azurite for the whole Jest run, on OS-chosen ports. Tests isolate themselves with their
 * own task hub names and container prefixes; the connection string reaches workers through env.
 */
export default async function globalSetup(): Promise<void> {
  const location = mkdtempSync(join(tmpdir(), 'azurite-test-'));
  const azurite = await startAzurite({ location });
  globalThis.__AZURITE__ = azurite;
  process.env.TEST_STORAGE_CONNECTION_STRING = azurite.connectionString;
  process.env.TEST_AZURITE_LOCATION = location;
}
