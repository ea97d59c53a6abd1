import { resolve } from 'node:path';
import { blobServiceClient, resolveStorageConnection } from '../storage';
import { loadServiceCatalog, type ServiceCatalog } from './loadServiceCatalog';
import { targetSettings } from './targetSettings';

/** The app root (compiled code sits in dist/shared/targets), where config/ lives. */
const APP_ROOT = resolve(__dirname, '..', '..', '..');

let cached: { key: string; catalog: Promise<ServiceCatalog> } | undefined;

/**
 * The service catalog of this process, loaded once per file and container (a bad file fails the
 * load with the file, line and field, and the next call tries again rather than caching it).
 */
function getServiceCatalog(env: NodeJS.ProcessEnv = process.env): Promise<ServiceCatalog> {
  const settings = targetSettings.load(env);
  const key = `${settings.SERVICE_CATALOG_FILE}|${settings.SERVICE_CATALOG_CONTAINER ?? ''}`;
  if (!cached || cached.key !== key) {
    const catalog = loadServiceCatalog({
      file: settings.SERVICE_CATALOG_FILE,
      explicit: (env.SERVICE_CATALOG_FILE ?? '').trim() !== '',
      appRoot: APP_ROOT,
      ...(settings.SERVICE_CATALOG_CONTAINER
        ? { overrides: blobServiceClient(resolveStorageConnection(env)).getContainerClient(settings.SERVICE_CATALOG_CONTAINER) }
        : {}),
    });
    cached = { key, catalog };
    catalog.catch(() => {
      if (cached?.catalog === catalog) cached = undefined;
    });
  }
  return cached.catalog;
}

export { getServiceCatalog };
