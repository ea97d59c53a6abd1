import { randomBytes } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { startDevhostProcess } from '../helpers/devhostProcess';
import { folderWith } from '../shared/knowledge/knowledgeFixtures';

describe('startup validation of runbooks and skills', () => {
  it('refuses to start when a plan names a runbook no knowledge folder holds, naming the plan and the file', async () => {
    // Prepare: an override plan listing a runbook that does not exist
    const container = `plans-${randomBytes(4).toString('hex')}`;
    const client = BlobServiceClient.fromConnectionString(process.env.TEST_STORAGE_CONNECTION_STRING!).getContainerClient(container);
    await client.createIfNotExists();
    const plan = 'id: needs-runbook\ntitle: Needs a runbook\nknowledge: [checkout-runbook.md]\nhypotheses:\n  - { id: h, title: H, guidance: g, rootCauseCategory: bad_deployment }\n';
    await client.getBlockBlobClient('needs-runbook.yaml').upload(plan, plan.length);

    // Act / Assess
    await expect(startDevhostProcess({ app: '.', env: { PLANS_CONTAINER: container } })).rejects.toThrow(/plan needs-runbook: knowledge: runbook 'checkout-runbook\.md' is in none of/);
  });

  it('refuses to start with an invalid SKILL.md in SKILLS_DIR, naming the file and the field', async () => {
    // Prepare
    const skills = folderWith({ 'queue-backlog/SKILL.md': '---\nname: queue-backlog\n---\nDrain the queue.\n' });

    // Act / Assess
    await expect(startDevhostProcess({ app: '.', env: { SKILLS_DIR: skills } })).rejects.toThrow(/skills: .*queue-backlog\/SKILL\.md: description: /);
  });
});
