import { join } from 'node:path';
import { listScenarios, loadScenarioAlerts } from '../../devhost/logAnalytics/data/scenarioLoader';
import { bundledPlansDirectory, validatePlanSource } from '../../shared/plans/loadPlans';
import { matchPlan } from '../../shared/plans/matchPlan';
import { DirectoryPlanSource } from '../../shared/plans/planSource';
import { createSourceAdapter } from '../../shared/sources';
import { repoRoot } from '../helpers/devhostProcess';

/**
 * `npm run eval` exercises a plan only if some bundled scenario's alert selects it. The plan each
 * alert gets is computed as the app computes it: the alert parsed by the Azure Monitor adapter,
 * then the real plan matcher over the bundled plans. Manual plans take no alert by design.
 */
describe('bundled scenarios and plans', () => {
  it('select every bundled incident plan with at least one scenario alert', async () => {
    // Prepare
    const { valid } = await validatePlanSource(new DirectoryPlanSource(bundledPlansDirectory(), bundledPlansDirectory()));
    const scenarios = listScenarios(join(repoRoot, 'scenarios'));
    const adapter = createSourceAdapter('azure-monitor', {});

    // Act
    const selected = new Map<string, string[]>();
    for (const scenario of scenarios) {
      for (const alert of loadScenarioAlerts(scenario.dir)) {
        const outcomes = await adapter.parse({ url: 'http://localhost/api/ingest/azure-monitor', headers: { 'content-type': 'application/json' }, rawBody: JSON.stringify(alert.payload) });
        for (const outcome of outcomes) {
          if (outcome.kind !== 'incident') continue;
          const planId = matchPlan(valid, outcome.incident)?.plan.id ?? '(none)';
          selected.set(planId, [...new Set([...(selected.get(planId) ?? []), scenario.id])]);
        }
      }
    }

    // Assess
    const incidentPlans = valid.filter((plan) => plan.trigger !== 'manual').map((plan) => plan.id);
    expect(scenarios.length).toBeGreaterThan(0);
    expect(incidentPlans.filter((id) => !selected.has(id))).toEqual([]);
    expect(selected.has('(none)')).toBe(false);
  });
});
