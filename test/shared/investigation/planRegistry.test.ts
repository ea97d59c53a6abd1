import { randomBytes } from 'node:crypto';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { investigationSettings } from '../../../shared/investigation/investigationSettings';
import { getPlans, getPlansWith } from '../../../shared/investigation/planRegistry';

const planText = (id: string): string => `id: ${id}\ntitle: ${id}\nhypotheses:\n  - { id: h, title: H, guidance: g, rootCauseCategory: bad_deployment }\n`;

async function upload(container: ContainerClient, id: string): Promise<void> {
  const text = planText(id);
  await container.getBlockBlobClient(`${id}.yaml`).upload(text, Buffer.byteLength(text));
}

describe('plans from PLANS_CONTAINER', () => {
  let env: NodeJS.ProcessEnv;
  let container: ContainerClient;

  beforeEach(async () => {
    const name = `plans-${randomBytes(4).toString('hex')}`;
    env = { AzureWebJobsStorage: process.env.TEST_STORAGE_CONNECTION_STRING!, PLANS_CONTAINER: name, PLANS_CACHE_SECONDS: '60' };
    container = BlobServiceClient.fromConnectionString(env.AzureWebJobsStorage!).getContainerClient(name);
    await container.createIfNotExists();
    await upload(container, 'early');
  });

  it('sees a plan uploaded after the first load once PLANS_CACHE_SECONDS have passed', async () => {
    // Prepare: loaded once (as startup validation does), then a plan is uploaded
    const settings = investigationSettings.load(env);
    const t0 = 1_000_000;
    expect((await getPlans(settings, env, { now: () => t0 })).plans.map((p) => p.id)).toContain('early');
    await upload(container, 'late');

    // Act
    const withinTtl = await getPlans(settings, env, { now: () => t0 + 59_000 });
    const afterTtl = await getPlans(settings, env, { now: () => t0 + 60_000 });

    // Assess
    expect(withinTtl.plans.map((p) => p.id)).not.toContain('late');
    expect(afterTtl.plans.map((p) => p.id)).toContain('late');
    expect(afterTtl.origins.late).toBe(`blob:${env.PLANS_CONTAINER}/late.yaml`);
  });

  it('looks a plan asked for by id up again at once when the cached plans do not have it', async () => {
    const settings = investigationSettings.load(env);
    await getPlans(settings, env);
    await upload(container, 'named-late');

    const loaded = await getPlansWith('named-late', settings, env);

    expect(loaded.plans.map((p) => p.id)).toContain('named-late');
  });
});
