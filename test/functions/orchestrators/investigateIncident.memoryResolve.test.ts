import { join } from 'node:path';
import type { MemoryRecord } from '../../../shared/memory/memoryRecord';
import { loadScenario } from '../../../devhost/logAnalytics/data/scenarioLoader';
import { eventually, repoRoot, startDevhostProcess, type DevhostProcess } from '../../helpers/devhostProcess';
import { waitForStatus } from '../../helpers/durableHttp';
import { scenarioIncident, startModelInvestigation, waitForReport } from '../../helpers/modelInvestigation';

interface SeenBeforeJson {
  investigationId: string;
  resolvedAt: string | null;
}

describe('incident memory on resolve (deterministic, telemetry emulator)', () => {
  let host: DevhostProcess;

  const api = (path: string, init?: RequestInit): Promise<Response> => fetch(`${host.url}/api/${path}${path.includes('?') ? '&' : '?'}code=${host.functionKey}`, init);
  const ingest = async (alert: Record<string, unknown>): Promise<{ investigationId?: string; disposition?: string }> => {
    const response = await api('ingest/azure-monitor', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alert) });
    expect(response.status).toBe(202);
    return ((await response.json()) as { results: Array<{ investigationId?: string; disposition?: string }> }).results[0]!;
  };

  beforeAll(async () => {
    // A group window long enough for the investigation to be monitoring when the resolve comes.
    host = await startDevhostProcess({ app: '.', env: { DEVHOST_TELEMETRY_EMULATOR: 'on', ANTHROPIC_API_KEY: '', INGEST_GROUP_WINDOW_MINUTES: '30' } });
  });

  afterAll(async () => {
    await host?.stop();
  });

  it('records when the source resolved the incident, and the next investigation of it says so', async () => {
    // Prepare: scenario 01's alert fires and is investigated
    const alert = loadScenario(join(repoRoot, 'scenarios'), '01_bad_deployment', new Date()).alert as { data: { essentials: Record<string, unknown> } };
    const { investigationId } = await ingest(alert);
    expect(investigationId).toEqual(expect.any(String));
    await waitForReport(host, investigationId!, 90_000);
    const before = (await (await api(`memory/${investigationId}`)).json()) as MemoryRecord;
    expect(before.resolvedAt).toBeNull();

    // Act: Azure Monitor resolves the alert
    const resolvedAt = new Date().toISOString();
    const resolve = await ingest({ ...alert, data: { ...alert.data, essentials: { ...alert.data.essentials, monitorCondition: 'Resolved', resolvedDateTime: resolvedAt } } });
    expect(resolve.disposition).toBe('resolved');
    await waitForStatus(host, investigationId!, (s) => (s.customStatus as { phase?: string } | null)?.phase === 'resolved', 60_000);

    // Assess: the memory record has the resolve time
    const after = await eventually(async () => {
      const record = (await (await api(`memory/${investigationId}`)).json()) as MemoryRecord;
      return record.resolvedAt ? record : undefined;
    }, 30_000, 250);
    expect(Date.parse(after.resolvedAt!)).not.toBeNaN();

    // Act: the same incident again
    const secondId = await startModelInvestigation(host, await scenarioIncident(), 'http-5xx-after-deployment');
    const report = (await waitForReport(host, secondId, 90_000)) as { seenBefore?: SeenBeforeJson[] };

    // Assess: "seen before" names the first investigation and when it was resolved
    expect(report.seenBefore).toEqual([expect.objectContaining({ investigationId, resolvedAt: after.resolvedAt })]);
    expect(await (await api(`investigations/${secondId}/report.md`)).text()).toContain(`Resolved ${after.resolvedAt}.`);
  });
});
