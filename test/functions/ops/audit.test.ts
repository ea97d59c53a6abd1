import { randomBytes } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { createAuditLog, createRedactor } from '../../../shared/governance';
import { startDevhostProcess, type DevhostProcess } from '../../helpers/devhostProcess';

describe('GET /api/audit through the devhost', () => {
  let host: DevhostProcess;
  const containerName = `audit${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    host = await startDevhostProcess({ app: '.', env: { GOVERNANCE_AUDIT_CONTAINER: containerName } });
  });

  afterAll(async () => {
    await host.stop();
  });

  it('returns the records of one investigation', async () => {
    // Prepare
    const container = BlobServiceClient.fromConnectionString(process.env.TEST_STORAGE_CONNECTION_STRING!).getContainerClient(containerName);
    await createAuditLog(container, createRedactor()).append({ at: '2026-03-04T09:17:00.000Z', investigationId: 'inv-a', kind: 'decision', actor: { type: 'system', id: 'governance' }, summary: 'allow' });

    // Act
    const response = await fetch(`${host.url}/api/audit?investigation=inv-a&code=${host.functionKey}`);

    // Assess
    expect(response.status).toBe(200);
    const body = (await response.json()) as { records: Array<{ summary: string }> };
    expect(body.records.map((r) => r.summary)).toEqual(['allow']);
  });

  it('answers 400 without an investigation and 401 without a key', async () => {
    expect((await fetch(`${host.url}/api/audit?code=${host.functionKey}`)).status).toBe(400);
    expect((await fetch(`${host.url}/api/audit?investigation=inv-a`)).status).toBe(401);
  });
});
