import { startDevhostProcess, type DevhostProcess } from '../../helpers/devhostProcess';
import { readProgress } from '../../../devhost/evaluation/runScenario';
import { OrchestratorNames } from '../../../shared/durable';
import { createSourceAdapter } from '../../../shared/sources';
import { loadEventText } from '../../shared/sources/loadEvent';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('an investigation that ends Failed, as the demo and the evaluation read it', () => {
  let host: DevhostProcess;

  afterAll(async () => {
    await host.stop();
  });

  it('comes with the reason Durable recorded, not just "Failed"', async () => {
    // Prepare: an investigation whose plan is gone by the time it runs (POST /api/investigations
    // refuses an unknown plan up front, so it is started through the Durable API, as a plan
    // removed from PLANS_CONTAINER after the request was accepted would leave it)
    host = await startDevhostProcess({ app: '.' });
    const [outcome] = await createSourceAdapter('azure-monitor', {}).parse({ url: 'http://x', headers: {}, rawBody: loadEventText('azure-monitor', 'metric.json') });
    if (outcome?.kind !== 'incident') throw new Error('metric.json should be an incident');
    const input = { schemaVersion: 1, incident: outcome.incident, trigger: 'manual', dryRun: false, planId: 'no-such-plan' };
    const started = await fetch(`${host.url}/runtime/webhooks/durabletask/orchestrators/${OrchestratorNames.investigateIncident}/manual-failure-reason?code=${host.masterKey}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };

    // Act
    let progress = await readProgress(host, id);
    for (let i = 0; i < 300 && progress?.runtimeStatus !== 'Failed'; i++) {
      await sleep(200);
      progress = await readProgress(host, id);
    }

    // Assess
    expect(progress?.runtimeStatus).toBe('Failed');
    expect(progress?.failure).toMatch(/plan no-such-plan: no plan has this id/);
  }, 90_000);
});
