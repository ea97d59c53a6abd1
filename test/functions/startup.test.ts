import { randomBytes } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { startDevhostProcess } from '../helpers/devhostProcess';

describe('startup validation', () => {
  it('refuses to start with a broken plan, naming the plan file and the field', async () => {
    // Prepare: an override plan with a category that does not exist
    const container = `plans-${randomBytes(4).toString('hex')}`;
    const client = BlobServiceClient.fromConnectionString(process.env.TEST_STORAGE_CONNECTION_STRING!).getContainerClient(container);
    await client.createIfNotExists();
    const plan = 'id: broken\ntitle: Broken\nhypotheses:\n  - { id: h, title: H, guidance: g, rootCauseCategory: not_a_category }\n';
    await client.getBlockBlobClient('broken.yaml').upload(plan, plan.length);

    // Act / Assess
    await expect(startDevhostProcess({ app: '.', env: { PLANS_CONTAINER: container } })).rejects.toThrow(/broken\.yaml.*hypotheses\[0\]\.rootCauseCategory/);
  });

  it('refuses to start with a broken scheduled task, naming the task file and the field', async () => {
    // Prepare: an override task whose schedule has the Functions' six fields
    const container = `tasks-${randomBytes(4).toString('hex')}`;
    const client = BlobServiceClient.fromConnectionString(process.env.TEST_STORAGE_CONNECTION_STRING!).getContainerClient(container);
    await client.createIfNotExists();
    const task = 'id: broken-task\ndescription: Broken\nschedule: "0 0 8 * * *"\nplan: default\n';
    await client.getBlockBlobClient('broken-task.yaml').upload(task, task.length);

    // Act / Assess
    await expect(startDevhostProcess({ app: '.', env: { TASKS_CONTAINER: container } })).rejects.toThrow(/broken-task\.yaml: schedule: cron "0 0 8 \* \* \*" must have 5 fields/);
  });

  it('refuses a legacy Office 365 connector URL for Teams, naming the setting and why', async () => {
    await expect(
      startDevhostProcess({ app: '.', env: { TEAMS_WORKFLOW_URL: 'https://contoso.webhook.office.com/webhookb2/abc@def/IncomingWebhook/123/456' } }),
    ).rejects.toThrow(/TEAMS_WORKFLOW_URL/);
  });

  it('starts with the bundled plans and governance files', async () => {
    const host = await startDevhostProcess({ app: '.' });
    try {
      expect((await fetch(`${host.url}/api/health`)).status).toBe(200);
    } finally {
      await host.stop();
    }
  });
});
