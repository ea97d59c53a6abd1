import type { Incident } from '../../../shared/incident';
import { startDevhostProcess, type DevhostProcess } from '../../helpers/devhostProcess';
import { waitForReport } from '../../helpers/modelInvestigation';
import { pagerDutyIncident, serviceNowIncident } from '../../shared/targets/targetFixtures';

interface ReportJson {
  confidence: number;
  gaps: string[];
  target?: { status: string; service: string | null; appInsights: { name: string } | null };
  evidence: Array<{ tool: string; status: string; links?: Array<{ rel: string; url: string }> }>;
  hypotheses: Array<{ verdict: string }>;
}

/** The incident fired three minutes ago, so the emulator's scenario data (anchored at now) falls in the window. */
function recent(incident: Incident): Incident {
  return { ...incident, firedAt: new Date(Date.now() - 3 * 60_000).toISOString() };
}

async function investigate(host: DevhostProcess, incident: Incident): Promise<ReportJson> {
  const response = await fetch(`${host.url}/api/investigations?code=${host.functionKey}`, { method: 'POST', body: JSON.stringify({ incident: recent(incident) }) });
  if (response.status !== 202) throw new Error(`start answered ${response.status}: ${await response.text()}`);
  const { id } = (await response.json()) as { id: string };
  return (await waitForReport(host, id, 90_000)) as unknown as ReportJson;
}

describe('investigateIncident on the resolved target (deterministic, telemetry emulator, bundled catalog)', () => {
  let host: DevhostProcess;

  beforeAll(async () => {
    host = await startDevhostProcess({ app: '.', env: { DEVHOST_TELEMETRY_EMULATOR: 'on', ANTHROPIC_API_KEY: '', INGEST_GROUP_WINDOW_MINUTES: '0.001' } });
  });

  afterAll(async () => {
    await host?.stop();
  });

  it("queries a PagerDuty incident's cataloged service (checkout) and finds its data there", async () => {
    // Act
    const report = await investigate(host, pagerDutyIncident());

    // Assess: App Insights evidence came from appi-checkout-prod (linked), and it had data
    expect(report.target).toMatchObject({ status: 'resolved', service: 'checkout-api', appInsights: { name: 'appi-checkout-prod' } });
    const appInsights = report.evidence.filter((item) => item.tool === 'app_insights_query');
    expect(appInsights.length).toBeGreaterThan(0);
    expect(appInsights.some((item) => item.status === 'success')).toBe(true);
    for (const item of appInsights) expect(item.links?.find((l) => l.rel === 'resource')?.url).toMatch(/\/components\/appi-checkout-prod$/);
  });

  it("queries a ServiceNow incident's configuration item (inventory) and finds its data there", async () => {
    // Act
    const report = await investigate(host, serviceNowIncident('app-inventory-api-prod'));

    // Assess
    expect(report.target).toMatchObject({ status: 'resolved', service: 'inventory-api', appInsights: { name: 'appi-inventory-prod' } });
    const success = report.evidence.filter((item) => item.status === 'success');
    expect(success.length).toBeGreaterThan(0);
    for (const item of report.evidence.filter((e) => e.tool === 'app_insights_query')) {
      expect(item.links?.find((l) => l.rel === 'resource')?.url).toMatch(/\/components\/appi-inventory-prod$/);
    }
  });

  it('reports an uncataloged incident without resource ids as "target unknown" with a capped confidence', async () => {
    // Act
    const report = await investigate(host, serviceNowIncident('legacy-billing'));

    // Assess
    expect(report.target?.status).toBe('unknown');
    expect(report.confidence).toBeLessThanOrEqual(0.3);
    expect(report.gaps).toContainEqual(expect.stringMatching(/^target unknown: .*'legacy-billing'.*no resource in Resource Graph/));
    expect(report.hypotheses.some((h) => h.verdict === 'supported')).toBe(false);
  });
});
