import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { ContainerClient } from '@azure/storage-blob';
import { ConfigError, StorageUnavailableError } from '../errors';
import { parseLocatedYaml, validateLocated } from '../governance/configFile';
import { serviceCatalogFileSchema, type CatalogService } from './serviceCatalogSchema';

/** The services incidents are resolved against, and where they came from. */
interface ServiceCatalog {
  services: CatalogService[];
  /** `config/services.yaml`, `blob:catalog/services.yaml`: what was read, for reports and errors. */
  sources: string[];
}

const EMPTY_CATALOG: ServiceCatalog = { services: [], sources: [] };

/**
 * Parses one catalog file.
 * @throws ConfigError `<file>:<line>: services.2.workspace: ...` naming the file, line and field.
 */
function parseServiceCatalog(file: string, text: string): CatalogService[] {
  return validateLocated(parseLocatedYaml(file, text), serviceCatalogFileSchema).services;
}

/** Services of `overrides` replace those of `base` with the same id; new ones are added. */
function mergeServices(base: ReadonlyArray<CatalogService>, overrides: ReadonlyArray<CatalogService>): CatalogService[] {
  const byId = new Map(base.map((service) => [service.id, service]));
  for (const service of overrides) byId.set(service.id, service);
  return [...byId.values()];
}

interface CatalogLocation {
  /** The catalog file, absolute or relative to `appRoot`. */
  file: string;
  /** True when an operator named the file: then a missing file is an error, not an empty catalog. */
  explicit: boolean;
  appRoot: string;
  /** Container holding a `services.yaml` override, when configured. */
  overrides?: ContainerClient;
}

/**
 * Reads the catalog file, then the `services.yaml` blob of the override container (a missing
 * container or blob adds nothing; an unreachable account is a {@link StorageUnavailableError}).
 */
async function loadServiceCatalog(location: CatalogLocation): Promise<ServiceCatalog> {
  const path = isAbsolute(location.file) ? location.file : resolve(location.appRoot, location.file);
  let catalog = EMPTY_CATALOG;
  try {
    catalog = { services: parseServiceCatalog(location.file, await readFile(path, 'utf8')), sources: [location.file] };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    if (code !== 'ENOENT' || location.explicit) {
      throw new ConfigError(location.file, `cannot read the service catalog (${code})`, { cause: error });
    }
  }
  if (!location.overrides) return catalog;
  const container = location.overrides;
  const name = `blob:${container.containerName}/services.yaml`;
  let text: string;
  try {
    text = (await container.getBlobClient('services.yaml').downloadToBuffer()).toString('utf8');
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 404) return catalog;
    throw new StorageUnavailableError(container.url, `reading the service catalog failed (${status ?? 'no status'})`, { cause: error });
  }
  return { services: mergeServices(catalog.services, parseServiceCatalog(name, text)), sources: [...catalog.sources, name] };
}

export { loadServiceCatalog, parseServiceCatalog, mergeServices, EMPTY_CATALOG };
export type { ServiceCatalog, CatalogLocation };
