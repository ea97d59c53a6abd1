import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { parse as parseYaml } from 'yaml';
import { listScenarios } from '../../../devhost/logAnalytics/data/scenarioLoader';
import { validateConfiguration } from '../../../shared/startup/validateConfiguration';
import { loadServiceCatalog } from '../../../shared/targets/loadServiceCatalog';
import { repoRoot } from '../../helpers/devhostProcess';

const ORDERS = `services:
  - id: orders-api
    aliases: [orders]
    workspace: law-shop-prod
`;

function catalogDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('loadServiceCatalog', () => {
  it('reads the bundled sample catalog: unique ids, each pointing at a workspace a bundled scenario serves', async () => {
    // Prepare: the workspaces the bundled scenarios declare (however many scenarios there are)
    const scenarios = listScenarios(join(repoRoot, 'scenarios'));
    const workspaces = new Set(scenarios.flatMap((s) => (parseYaml(readFileSync(join(s.dir, 'scenario.yaml'), 'utf8')) as { workspaces: Array<{ name: string }> }).workspaces.map((w) => w.name)));

    // Act
    const catalog = await loadServiceCatalog({ file: 'config/services.yaml', explicit: false, appRoot: repoRoot });

    // Assess
    expect(catalog.sources).toEqual(['config/services.yaml']);
    const ids = catalog.services.map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['orders-api', 'checkout-api', 'notify-api']));
    expect(new Set(ids).size).toBe(ids.length);
    expect(catalog.services.filter((s) => s.workspace !== undefined && !workspaces.has(s.workspace)).map((s) => s.id)).toEqual([]);
  });

  it('names the file, line and field of a bad entry', async () => {
    // Prepare
    const dir = catalogDir({ 'services.yaml': `${ORDERS}  - id: checkout\n    pagerDutyServiceIds: [not-an-id]\n` });

    // Act / Assess
    await expect(loadServiceCatalog({ file: 'services.yaml', explicit: true, appRoot: dir })).rejects.toThrow(
      /^services\.yaml:6: services\.1\.pagerDutyServiceIds\.0: must be a PagerDuty service id/,
    );
  });

  it('refuses unknown fields and duplicate ids', async () => {
    // Prepare
    const typo = catalogDir({ 'services.yaml': ORDERS.replace('aliases', 'alias') });
    const twice = catalogDir({ 'services.yaml': `${ORDERS}  - id: orders-api\n` });

    // Act / Assess
    await expect(loadServiceCatalog({ file: 'services.yaml', explicit: true, appRoot: typo })).rejects.toThrow(/services\.yaml:\d+: services\.0: Unrecognized key: "alias"/);
    await expect(loadServiceCatalog({ file: 'services.yaml', explicit: true, appRoot: twice })).rejects.toThrow(/services\.1\.id: service id 'orders-api' appears twice/);
  });

  it('treats a missing default file as an empty catalog, and a missing named file as an error', async () => {
    // Prepare
    const dir = catalogDir({});

    // Act / Assess
    await expect(loadServiceCatalog({ file: 'config/services.yaml', explicit: false, appRoot: dir })).resolves.toEqual({ services: [], sources: [] });
    await expect(loadServiceCatalog({ file: 'config/services.yaml', explicit: true, appRoot: dir })).rejects.toThrow(/^config\/services\.yaml: cannot read the service catalog \(ENOENT\)/);
  });

  it('adds and overrides services by id from the services.yaml blob of the override container', async () => {
    // Prepare
    const dir = catalogDir({ 'services.yaml': ORDERS });
    const container = BlobServiceClient.fromConnectionString(process.env.TEST_STORAGE_CONNECTION_STRING!).getContainerClient(`catalog-${randomBytes(4).toString('hex')}`);
    await container.createIfNotExists();
    const override = 'services:\n  - id: orders-api\n    workspace: law-orders\n  - id: billing\n    aliases: [billing]\n';
    await container.getBlockBlobClient('services.yaml').upload(override, Buffer.byteLength(override));

    // Act
    const catalog = await loadServiceCatalog({ file: 'services.yaml', explicit: true, appRoot: dir, overrides: container });

    // Assess
    expect(catalog.sources).toEqual(['services.yaml', `blob:${container.containerName}/services.yaml`]);
    expect(catalog.services.map((s) => [s.id, s.workspace ?? null])).toEqual([['orders-api', 'law-orders'], ['billing', null]]);
  });

  it('is checked at startup, so a bad catalog stops the host with its file and field', async () => {
    // Prepare
    const dir = catalogDir({ 'bad.yaml': 'services:\n  - id: Orders API\n' });

    // Act
    const problems = await validateConfiguration({ ...process.env, SERVICE_CATALOG_FILE: join(dir, 'bad.yaml') });

    // Assess
    expect(problems).toContainEqual(expect.stringMatching(/^service catalog: .*bad\.yaml:2: services\.0\.id: must be a lowercase slug/));
  });
});
