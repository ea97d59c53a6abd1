import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { ConfigError } from '../../../shared/errors';
import { validateKql, type KqlSchema } from '../../../shared/kql';
import { ROOT_CAUSE_CATEGORIES } from '../../../shared/plans/rootCauseCategory';
import { bundledPlansDirectory, loadPlans } from '../../../shared/plans/loadPlans';
import { matchPlan } from '../../../shared/plans/matchPlan';
import { BlobPlanSource, DirectoryPlanSource, StaticPlanSource } from '../../../shared/plans/planSource';

const repoRoot = join(__dirname, '..', '..', '..', '..');
const overridesDir = join(repoRoot, 'test', 'fixtures', 'plans', 'overrides');

async function newContainer(): Promise<ContainerClient> {
  const connection = process.env.TEST_STORAGE_CONNECTION_STRING;
  if (!connection) throw new Error('TEST_STORAGE_CONNECTION_STRING is not set (globalSetup starts Azurite)');
  const container = BlobServiceClient.fromConnectionString(connection).getContainerClient(`plans-${randomUUID().slice(0, 8)}`);
  await container.create();
  return container;
}

describe('loadPlans', () => {
  it('loads every bundled plan, including a default that matches everything', async () => {
    // Act
    const { plans, origins } = await loadPlans(new DirectoryPlanSource(bundledPlansDirectory()));

    // Assess
    const ids = plans.map((plan) => plan.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'default',
        'http-5xx-after-deployment',
        'latency-slow-dependency',
        'container-crash-loop-oom',
        'certificate-expiry',
        's2s-vpn-disconnect',
        'database-connection-pool-exhaustion',
      ]),
    );
    expect(plans.find((plan) => plan.id === 'default')?.match).toEqual({});
    expect(origins['container-crash-loop-oom']).toMatch(/container-crash-loop-oom\.md$/);
    for (const plan of plans) {
      for (const hypothesis of plan.hypotheses) expect(ROOT_CAUSE_CATEGORIES).toContain(hypothesis.rootCauseCategory);
    }
  });

  it('gives each bundled plan KQL that the Kusto parser accepts against the scenario tables', async () => {
    // Prepare: the union of the scenario tables' columns is the schema the checks will run against.
    const tables: KqlSchema['tables'] = {};
    const scenariosDir = join(repoRoot, 'scenarios');
    for (const scenario of readdirSync(scenariosDir, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
      let files: string[] = [];
      try {
        files = readdirSync(join(scenariosDir, scenario.name, 'tables'));
      } catch {
        continue;
      }
      for (const file of files.filter((name) => name.endsWith('.jsonl'))) {
        const header = JSON.parse(readFileSync(join(scenariosDir, scenario.name, 'tables', file), 'utf8').split('\n')[0] ?? '{}') as {
          table: string;
          columns: Array<{ name: string; type: KqlSchema['tables'][string][string] }>;
        };
        tables[header.table] = { ...(tables[header.table] ?? {}), ...Object.fromEntries(header.columns.map((c) => [c.name, c.type])) };
      }
    }
    const { plans } = await loadPlans(new DirectoryPlanSource(bundledPlansDirectory()));

    // Act
    const problems: string[] = [];
    let queries = 0;
    for (const plan of plans) {
      for (const hypothesis of plan.hypotheses) {
        for (const check of hypothesis.checks) {
          const query = check.arguments.query;
          if (typeof query !== 'string') continue;
          queries += 1;
          const result = validateKql(query, { tables });
          if (!result.ok) problems.push(`${plan.id}/${hypothesis.id}/${check.id}: ${result.diagnostics.map((d) => d.message).join('; ')}`);
        }
      }
    }

    // Assess
    expect(queries).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });

  it('replaces a bundled plan with a blob override of the same id', async () => {
    // Prepare
    const container = await newContainer();
    const text = readFileSync(join(overridesDir, 'default.yaml'), 'utf8');
    await container.getBlockBlobClient('overrides/default.yaml').upload(text, Buffer.byteLength(text));
    await container.getBlockBlobClient('overrides/readme.txt').upload('not a plan', 10);

    // Act
    const { plans, origins } = await loadPlans(new DirectoryPlanSource(bundledPlansDirectory()), [new BlobPlanSource(container, 'overrides/')]);

    // Assess
    const chosen = matchPlan(plans, { source: 'pagerduty', title: 'Something odd', severity: 'Sev4', resources: [] });
    expect(chosen?.plan.title).toBe('Operator override of the default plan');
    expect(origins.default).toBe(`blob:${container.containerName}/overrides/default.yaml`);
    expect(plans.filter((plan) => plan.id === 'default')).toHaveLength(1);
  });

  it('treats a missing override container as holding no plans', async () => {
    // Prepare
    const connection = process.env.TEST_STORAGE_CONNECTION_STRING ?? '';
    const missing = BlobServiceClient.fromConnectionString(connection).getContainerClient(`absent-${randomUUID().slice(0, 8)}`);

    // Act
    const { plans } = await loadPlans(new StaticPlanSource([]), [new BlobPlanSource(missing)]);

    // Assess
    expect(plans).toEqual([]);
  });

  it('rejects an invalid override blob, naming the blob and the field', async () => {
    // Prepare
    const container = await newContainer();
    const text = 'id: broken\ntitle: Broken\nhypotheses: []\n';
    await container.getBlockBlobClient('broken.yaml').upload(text, text.length);

    // Act and Assess
    await expect(loadPlans(new StaticPlanSource([]), [new BlobPlanSource(container)])).rejects.toThrow(
      expect.objectContaining({ name: 'ConfigError', setting: `blob:${container.containerName}/broken.yaml: hypotheses` }) as ConfigError,
    );
  });

  it('rejects two files with the same id in one source', async () => {
    // Prepare
    const plan = 'id: twin\ntitle: Twin\nhypotheses: [{ id: h, title: h, guidance: g, rootCauseCategory: bad_deployment }]\n';

    // Act and Assess
    await expect(loadPlans(new StaticPlanSource([{ name: 'a.yaml', text: plan }, { name: 'b.yaml', text: plan }]))).rejects.toThrow(
      /plan id 'twin' is also used by a\.yaml/,
    );
  });
});
