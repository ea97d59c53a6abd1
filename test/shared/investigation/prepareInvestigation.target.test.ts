import { buildOpeningMessage } from '../../../shared/agent/subagentPrompt';
import type { Incident } from '../../../shared/incident';
import { governanceServices } from '../../../shared/governance/governanceServices';
import { planHypothesisChecks } from '../../../shared/investigation/deterministicHypothesis';
import { prepareInvestigation } from '../../../shared/investigation/prepareInvestigation';
import { pagerDutyIncident, serviceNowIncident, TELEMETRY } from '../targets/targetFixtures';

/** App settings with three services' telemetry configured, the shop's first (what the old fallback picked). */
const env: NodeJS.ProcessEnv = {
  ...process.env,
  AzureWebJobsStorage: process.env.TEST_STORAGE_CONNECTION_STRING,
  ANTHROPIC_API_KEY: '',
  TELEMETRY_WORKSPACES: Object.entries(TELEMETRY.TELEMETRY_WORKSPACES).map(([name, id]) => `${name}=${id}`).join(','),
  TELEMETRY_APP_INSIGHTS: Object.entries(TELEMETRY.TELEMETRY_APP_INSIGHTS).map(([name, id]) => `${name}=${id}`).join(','),
  TELEMETRY_APP_INSIGHTS_WORKSPACES: Object.entries(TELEMETRY.TELEMETRY_APP_INSIGHTS_WORKSPACES).map(([name, id]) => `${name}=${id}`).join(','),
  TELEMETRY_RESOURCE_GRAPH_SUBSCRIPTIONS: '',
  SERVICE_CATALOG_FILE: '',
  SERVICE_CATALOG_CONTAINER: '',
};

/** The workspace and component arguments of every deterministic check the matched plan renders. */
async function renderedTargets(incident: Incident): Promise<{ planId: string; workspaces: Set<unknown>; components: Set<unknown> }> {
  const context = await prepareInvestigation({ schemaVersion: 1, investigationId: 'inv-target', incident }, env);
  const checks = (
    await Promise.all(context.plan.hypotheses.map((h) => planHypothesisChecks({ schemaVersion: 1, hypothesisId: h.id, incident, context })))
  ).flatMap((output) => output.checks);
  return {
    planId: context.plan.id,
    workspaces: new Set(checks.filter((c) => 'workspace' in c.arguments).map((c) => c.arguments.workspace)),
    components: new Set(checks.filter((c) => 'component' in c.arguments).map((c) => c.arguments.component)),
  };
}

describe('prepareInvestigation: the checks and subagents use the resolved target', () => {
  it("runs a PagerDuty incident's checks on its cataloged service's workspace and component", async () => {
    // Act
    const rendered = await renderedTargets(pagerDutyIncident());

    // Assess
    expect(rendered.components).toEqual(new Set(['appi-checkout-prod']));
    expect(rendered.workspaces).toEqual(new Set(['law-checkout-prod']));
  });

  it("runs a ServiceNow incident's checks on its configuration item's workspace and component", async () => {
    // Act
    const rendered = await renderedTargets(serviceNowIncident('app-inventory-api-prod'));

    // Assess
    expect([...rendered.components, ...rendered.workspaces].every((name) => name === 'appi-inventory-prod' || name === 'law-inventory-prod')).toBe(true);
    expect(rendered.components.size + rendered.workspaces.size).toBeGreaterThan(0);
  });

  it('gives an unknown target no telemetry, records the gap, and tells the subagent so', async () => {
    // Prepare
    const incident = serviceNowIncident('legacy-billing');

    // Act
    const context = await prepareInvestigation({ schemaVersion: 1, investigationId: 'inv-unknown', incident }, env);

    // Assess
    expect(context.checkContext.targets).toMatchObject({ workspace: null, appInsights: null, resourceId: null });
    expect(context.target?.status).toBe('unknown');
    expect(context.gaps).toContainEqual(expect.stringMatching(/^target unknown: .*Resource Graph is not configured/));
    const opening = JSON.stringify(buildOpeningMessage({ incident: context.promptIncident, hypothesis: context.plan.hypotheses[0]!, target: context.target! }));
    expect(opening).toContain('Target: UNKNOWN.');
  });

  it("puts the resolved target in every subagent's opening message and the audit log", async () => {
    // Prepare
    const incident = pagerDutyIncident();
    const context = await prepareInvestigation({ schemaVersion: 1, investigationId: 'inv-prompt', incident }, env);

    // Act
    const openings = context.plan.hypotheses.map((hypothesis) =>
      JSON.stringify(buildOpeningMessage({ incident: context.promptIncident, hypothesis, target: context.target! }).content),
    );

    // Assess
    const audit = await governanceServices(env).auditLog.read('inv-prompt');
    expect(audit).toContainEqual(
      expect.objectContaining({
        kind: 'decision',
        actor: { type: 'system', id: 'target-resolution' },
        summary: 'target resolved by catalog (service checkout-api, PagerDuty service id PX7KQ2M): workspace law-checkout-prod, component appi-checkout-prod',
      }),
    );
    for (const opening of openings) {
      expect(opening).toContain('catalog service checkout-api, matched by PagerDuty service id PX7KQ2M');
      expect(opening).toContain('- App Insights component: appi-checkout-prod (catalog service checkout-api)');
      expect(opening).toContain('- workspace: law-checkout-prod (catalog service checkout-api)');
    }
  });
});
