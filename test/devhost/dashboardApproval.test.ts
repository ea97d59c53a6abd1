import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { startDevhostProcess, type DevhostProcess } from '../helpers/devhostProcess';
import { appInsightsCall, listApprovals, scenarioResponder, startGovernedInvestigation, uploadGovernedPlans, writeGovernanceFiles } from '../helpers/governanceFixtures';
import { scenarioIncident, scriptedEngineEnv, waitForReport } from '../helpers/modelInvestigation';
import { reply, startScriptedModelServer, type ScriptedModelServer } from '../helpers/scriptedModelServer';

const RULES = `rules:
  - allow: app_insights_query(*)
plans:
  dash-ask:
    - ask: app_insights_query(*)
      reason: App Insights reads in dash-ask need a human
`;

describe('deciding an approval from the dashboard in Chromium', () => {
  let server: ScriptedModelServer;
  let host: DevhostProcess;
  let browser: TestBrowser;

  beforeAll(async () => {
    const files = writeGovernanceFiles({ rules: RULES });
    const plans = await uploadGovernedPlans([{ id: 'dash-ask', hypothesisIds: ['dash-approve', 'dash-reject'] }]);
    server = await startScriptedModelServer({
      responder: scenarioResponder({
        firstTurns: { 'dash-approve': reply.toolUse([appInsightsCall('toolu_dash_approve')]), 'dash-reject': reply.toolUse([appInsightsCall('toolu_dash_reject')]) },
      }),
    });
    [host, browser] = await Promise.all([
      // An approvals table of its own: the page lists every pending approval, and other suites ask too.
      startDevhostProcess({ app: '.', env: { ...scriptedEngineEnv(server, plans), GOVERNANCE_RULES_FILE: files.rulesFile, GOVERNANCE_APPROVAL_TIMEOUT: 'PT10M', GOVERNANCE_APPROVALS_TABLE: `DashApprovals${Date.now()}` } }),
      launchBrowser(),
    ]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await server?.close();
  });

  it('shows both pending approvals first, approves one and rejects the other with reasons, and the investigation goes on to its report', async () => {
    // Prepare: an investigation whose two subagents each wait on an ask
    const id = await startGovernedInvestigation(host, await scenarioIncident(), 'dash-ask');
    const page = await browser.newPage();

    // Act: open the approvals page and wait until both requests are listed as pending
    await page.goto(`${host.url}/api/dashboard/approvals?code=${host.functionKey}`);
    await page.locator('#pending article[data-approval]').nth(1).waitFor({ timeout: 60_000 });
    await browser.screenshot(page, 'approvals');
    const approvals = await listApprovals(host, id);
    const approveId = approvals.find((a) => a.hypothesisId === 'dash-approve')!.id;
    const rejectId = approvals.find((a) => a.hypothesisId === 'dash-reject')!.id;

    // Act: a reason is required; then approve one and reject the other from the page
    await page.click(`#pending article[data-approval="${approveId}"] button.primary`);
    expect(await page.locator(`#pending article[data-approval="${approveId}"] [role="alert"]`).innerText()).toBe('A reason is required.');
    await page.fill(`#pending article[data-approval="${approveId}"] textarea`, 'read-only query, fine to run');
    await page.click(`#pending article[data-approval="${approveId}"] button.primary`);
    await page.waitForSelector(`#decided article[data-approval="${approveId}"]`);
    await page.fill(`#pending article[data-approval="${rejectId}"] textarea`, 'not during business hours');
    await page.click(`#pending article[data-approval="${rejectId}"] button.danger`);
    await page.waitForSelector(`#decided article[data-approval="${rejectId}"]`);
    const report = await waitForReport(host, id);

    // Assess: the decisions were recorded with their reasons, and the investigation continued
    const decided = await listApprovals(host, id);
    expect(decided.find((a) => a.id === approveId)).toMatchObject({ status: 'approved', decisionReason: 'read-only query, fine to run' });
    expect(decided.find((a) => a.id === rejectId)).toMatchObject({ status: 'rejected', decisionReason: 'not during business hours' });
    expect(report).toBeDefined();

    // Assess: the investigation page shows the finished report and no pending approval
    await page.goto(`${host.url}/api/dashboard/investigations/${encodeURIComponent(id)}?code=${host.functionKey}`);
    await page.waitForSelector('#report');
    expect(await page.locator('#pending-approvals').count()).toBe(0);
    expect(await page.locator('#audit').innerText()).toMatch(/approved by function-key/);
    await browser.screenshot(page, 'investigation-after-approval');
  }, 180_000);
});
