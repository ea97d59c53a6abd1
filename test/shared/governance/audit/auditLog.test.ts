import { randomBytes } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { auditBlobName, createAuditLog, createRedactor } from '../../../../shared/governance';

describe('createAuditLog against Azurite', () => {
  const service = BlobServiceClient.fromConnectionString(process.env.TEST_STORAGE_CONNECTION_STRING!);
  const container = service.getContainerClient(`audit${randomBytes(4).toString('hex')}`);
  const log = createAuditLog(container, createRedactor({ literals: ['planted-secret-778899'] }));

  afterAll(async () => {
    await container.deleteIfExists();
  });

  it('appends redacted JSON lines to one blob per investigation and reads them back in order', async () => {
    // Prepare
    const investigationId = 'azuremonitor:alert/1|fired';
    const base = { at: '2026-03-04T09:17:00.000Z', investigationId, actor: { type: 'system' as const, id: 'governance' } };

    // Act
    await log.append({ ...base, kind: 'decision', summary: 'deny', invocation: 'azure_cli(az group delete)', details: { password: 'x', note: 'token planted-secret-778899' } });
    await log.append([
      { ...base, kind: 'tool_call', actor: { type: 'model', id: 'claude-sonnet-5-5' }, summary: 'ran', durationMs: 12 },
      { ...base, investigationId: 'other', kind: 'config_load', summary: 'loaded' },
    ]);
    const records = await log.read(investigationId);

    // Assess
    expect(records.map((r) => r.kind)).toEqual(['decision', 'tool_call']);
    expect(records[0]!.details).toEqual({ password: '[REDACTED:secret-field]', note: 'token [REDACTED:configured-secret]' });
    const raw = (await container.getBlobClient(auditBlobName(investigationId)).downloadToBuffer()).toString('utf8');
    expect(raw).not.toContain('planted-secret-778899');
    expect(raw.trim().split('\n')).toHaveLength(2);
    expect(auditBlobName(investigationId)).toBe('azuremonitor:alert%2F1|fired.jsonl');
    expect(await log.read('other')).toHaveLength(1);
  });

  it('keeps every line whole when many writers append at once', async () => {
    // Prepare
    const investigationId = `concurrent-${randomBytes(3).toString('hex')}`;
    const writes = Array.from({ length: 40 }, (_, i) =>
      log.append({ at: '2026-03-04T09:17:00.000Z', investigationId, kind: 'hook', actor: { type: 'hook', id: `h${i}` }, summary: `write ${i}`, details: { pad: 'x'.repeat(2000) } }),
    );

    // Act
    await Promise.all(writes);
    const records = await log.read(investigationId);

    // Assess
    expect(records).toHaveLength(40);
    expect(new Set(records.map((r) => r.actor.id)).size).toBe(40);
  });

  it('reads an investigation with no audit as an empty list', async () => {
    expect(await log.read('never-written')).toEqual([]);
  });
});
