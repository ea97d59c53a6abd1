import { startDevhostProcess, type DevhostProcess } from '../../helpers/devhostProcess';
import { readProgress } from '../../../devhost/evaluation/runScenario';
import { createSourceAdapter } from '../../../shared/sources';
import { loadEventText } from '../../shared/sources/loadEvent';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('an investigation that ends Failed, as the demo and the evaluation read it', () => {
  let host: DevhostProcess;

  afterAll(async () => {
    await host.stop();
  });

  it('comes with the reason Durable recorded, not just "Failed"', async () => {
    // Prepare: an investigation started by hand with a plan id no plan has
    host = await startDevhostProcess({ app: '.' });
    const [outcome] = await createSourceAdapter('azure-monitor', {}).parse({ url: 'http://x', headers: {}, rawBody: loadEventText('azure-monitor', 'metric.json') });
    if (outcome?.kind !== 'incident') throw new Error('metric.json should be an incident');
    const started = await fetch(`${host.url}/api/investigations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-functions-key': host.functionKey },
      body: JSON.stringify({ incident: outcome.incident, planId: 'no-such-plan' }),
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
