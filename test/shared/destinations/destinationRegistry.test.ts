import { createDestinationRegistry } from '../../../shared/destinations/destinationRegistry';
import { planDeliveryOf } from '../../../shared/destinations/planDestinations';
import { runWriteBack } from '../../../shared/destinations/writeBack';
import { ConfigError, ValidationError } from '../../../shared/errors';
import { startTeamsWorkflowFake } from '../../helpers/fakes/teamsWorkflowFake';
import { message, testLedger } from './destinationFixtures';

describe('destination registry and plan selection', () => {
  it('reports which destinations are configured and defaults to them', () => {
    // Act
    const registry = createDestinationRegistry({ env: { PAGERDUTY_API_TOKEN: '${env:PD}', PD: 't', PAGERDUTY_FROM_EMAIL: 'a@example.com', TEAMS_WORKFLOW_URL: 'https://prod-1.westeurope.logic.azure.com/workflows/x/triggers/manual/paths/invoke?sig=s' } });
    const withDefault = createDestinationRegistry({ env: { DESTINATIONS_DEFAULT: 'teams' } });

    // Assess
    expect(registry.configured()).toEqual(['pagerduty', 'teams']);
    expect(registry.defaults()).toEqual(['pagerduty', 'teams']);
    expect(registry.select(['servicenow']).map((d) => d.name)).toEqual(['servicenow']);
    expect(withDefault.defaults()).toEqual(['teams']);
  });

  it('fails at startup on a wrong setting, naming it', () => {
    // Act
    const build = (env: NodeJS.ProcessEnv) => () => createDestinationRegistry({ env });

    // Assess
    expect(build({ SERVICENOW_INSTANCE_URL: 'https://snow.example.org', SERVICENOW_USERNAME: 'u', SERVICENOW_PASSWORD: 'p' })).toThrow(/SERVICENOW_INSTANCE_URL: host snow.example.org is not allowed/);
    expect(build({ PAGERDUTY_API_TOKEN: '${env:MISSING}', PAGERDUTY_FROM_EMAIL: 'a@example.com' })).toThrow(/PAGERDUTY_API_TOKEN: refers to \$\{env:MISSING\}, which is not set/);
    expect(build({ PAGERDUTY_API_TOKEN: '@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/pd)', PAGERDUTY_FROM_EMAIL: 'a@example.com' })).toThrow(ConfigError);
  });

  it('reads plan destination entries with their options, refusing unknown ones', () => {
    // Act
    const delivery = planDeliveryOf('db', ['teams', 'pagerduty:acknowledge,resolve', 'servicenow:impact=2,urgency=1', 'azure-monitor:close']);

    // Assess
    expect(delivery.destinations).toEqual(['teams', 'pagerduty', 'servicenow', 'azure-monitor']);
    expect(delivery.planActions).toEqual({
      pagerduty: { acknowledge: true, statusUpdate: false, resolve: true },
      servicenow: { impact: '2', urgency: '1', resolve: false },
      'azure-monitor': { acknowledge: false, close: true },
    });
    expect(() => planDeliveryOf('db', ['slack'])).toThrow(/plan db: destinations\[0\]: unknown destination 'slack'/);
    expect(() => planDeliveryOf('db', ['servicenow:priority=1'])).toThrow(/option 'priority=1' is not valid for servicenow/);
  });

  it('runs one write-back activity input end to end, and refuses a malformed one', async () => {
    // Prepare
    const fake = await startTeamsWorkflowFake('sig1');
    try {
      const registry = createDestinationRegistry({ env: { TEAMS_WORKFLOW_URL: fake.workflowUrl, DESTINATIONS_ALLOW_TEST_HOSTS: 'true' } });
      const ledger = testLedger();
      const input = { schemaVersion: 1, destination: 'teams', step: 'report', message: message() };

      // Act
      const first = await runWriteBack(input, registry, ledger);
      const retry = await runWriteBack(JSON.parse(JSON.stringify(input)), registry, ledger);

      // Assess
      expect(first).toMatchObject({ status: 'delivered', idempotencyKey: `${input.message.investigationId}:teams:report` });
      expect(retry.replayed).toBe(true);
      expect(fake.posted).toHaveLength(1);
      await expect(runWriteBack({ ...input, destination: 'slack' }, registry, ledger)).rejects.toThrow(ValidationError);
    } finally {
      await fake.close();
    }
  });
});
