import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { buildHealthReport } from '../../../shared/health';
import { createDeliveryLedger } from '../../../shared/destinations';
import { createSourceAdapter } from '../../../shared/sources';

const repoRoot = resolve(__dirname, '..', '..', '..', '..');

/** A copied local.settings.sample.json, storage pointed at the test Azurite. */
function sampleEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { Values } = JSON.parse(readFileSync(join(repoRoot, 'local.settings.sample.json'), 'utf8')) as { Values: Record<string, string> };
  return { ...Values, AzureWebJobsStorage: process.env.TEST_STORAGE_CONNECTION_STRING!, ...extra };
}

describe('health of the integrations', () => {
  it('reports an inbound route as configured only when it can answer, as the route itself decides', async () => {
    // Prepare: the sample's defaults leave ServiceNow inbound without secrets, so its route answers 503
    const env = sampleEnv();
    expect(() => createSourceAdapter('servicenow', env)).toThrow(/SERVICENOW_INBOUND/);

    // Act
    const report = await buildHealthReport('1.0.0', env);

    // Assess
    expect(report.integrations['servicenow-inbound']).toMatchObject({ configured: false, verified: false });
    expect(report.integrations['azure-monitor-ingest']).toMatchObject({ configured: true, verified: true });
    expect(report.integrations.llm).toMatchObject({ configured: false, verified: false });
    expect(report).toMatchObject({ status: 'healthy', degradedBy: [] });
  });

  it('is degraded, naming the setting, when an integration is configured but cannot work', async () => {
    // Prepare: ServiceNow inbound switched to basic auth without a password, a placeholder model key
    const env = sampleEnv({ SERVICENOW_INBOUND_AUTH: 'basic', SERVICENOW_INBOUND_BASIC_USER: 'sn', ANTHROPIC_API_KEY: 'sk-ant-...' });

    // Act
    const report = await buildHealthReport('1.0.0', env);

    // Assess
    expect(report.status).toBe('degraded');
    expect(report.degradedBy).toEqual(['integrations.servicenow-inbound', 'integrations.llm']);
    expect(report.integrations['servicenow-inbound']).toMatchObject({ configured: true, verified: false, problem: expect.stringMatching(/SERVICENOW_INBOUND_BASIC_PASSWORD/) });
    expect(report.integrations.llm).toMatchObject({ configured: true, verified: false, problem: expect.stringMatching(/^ANTHROPIC_API_KEY: holds a placeholder/) });
    expect(JSON.stringify(report)).not.toContain('sk-ant-');
  });

  it('reports a destination whose secret reference does not resolve', async () => {
    const env = sampleEnv({ PAGERDUTY_API_TOKEN: '${env:PD_TOKEN}', PAGERDUTY_FROM_EMAIL: 'ir@example.com' });
    const report = await buildHealthReport('1.0.0', env);
    expect(report.integrations['pagerduty-writeback']).toMatchObject({ configured: true, verified: false, problem: expect.stringMatching(/PAGERDUTY_API_TOKEN: refers to \$\{env:PD_TOKEN\}/) });
    expect(report.status).toBe('degraded');
  });

  it('shows the last failed delivery of each destination, from the delivery ledger', async () => {
    // Prepare: a ledger table of its own, with one failed Teams delivery recorded
    const env = sampleEnv({ DESTINATIONS_LEDGER_TABLE: `Deliveries${randomBytes(4).toString('hex')}` });
    const ledger = createDeliveryLedger(env);
    const entry = await ledger.markAttempted('inv-1', 'inv-1:report:teams', 'teams', undefined, new Date('2026-12-04T10:00:00Z'));
    await ledger.markFinished(
      entry,
      { schemaVersion: 1, destination: 'teams', idempotencyKey: 'inv-1:report:teams', status: 'failed', attempts: 4, replayed: false, error: { code: 'http_503', message: 'Teams answered 503', retryable: true } },
      new Date('2026-12-04T10:00:05Z'),
    );

    // Act
    const report = await buildHealthReport('1.0.0', env);

    // Assess
    expect(report.integrations.teams!.lastFailure).toEqual({ at: '2026-12-04T10:00:05.000Z', investigationId: 'inv-1', code: 'http_503', message: 'Teams answered 503' });
    expect(report.integrations['pagerduty-writeback']!.lastFailure).toBeUndefined();
    expect(await ledger.list('inv-1')).toHaveLength(1);
  });
});
