import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Incident } from '../../../shared/incident';
import { createSourceAdapter } from '../../../shared/sources';
import { eventually, repoRoot, startDevhostProcess, type DevhostProcess } from '../../helpers/devhostProcess';
import { startPagerDutyFake, type PagerDutyFake } from '../../helpers/fakes/pagerDutyFake';
import { startTeamsWorkflowFake, type TeamsWorkflowFake } from '../../helpers/fakes/teamsWorkflowFake';

describe('investigateIncident: write-back to PagerDuty and Teams', () => {
  let pagerDuty: PagerDutyFake;
  let teams: TeamsWorkflowFake;
  let host: DevhostProcess;
  let incident: Incident;

  beforeAll(async () => {
    const raw = readFileSync(join(repoRoot, 'test/fixtures/events/pagerduty/incident-triggered.json'), 'utf8');
    const outcomes = await createSourceAdapter('pagerduty', { PAGERDUTY_WEBHOOK_SECRETS: 'unused' }).parse({ url: 'http://localhost', headers: { 'content-type': 'application/json' }, rawBody: raw });
    const found = outcomes.find((o) => o.kind === 'incident');
    if (found?.kind !== 'incident') throw new Error('fixture is not an incident');
    incident = found.incident;
    pagerDuty = await startPagerDutyFake('pd-test-token', { [incident.externalIds.incidentId!]: 'triggered' });
    teams = await startTeamsWorkflowFake('teams-sig');
    host = await startDevhostProcess({
      app: '.',
      env: {
        PAGERDUTY_API_TOKEN: 'pd-test-token',
        PAGERDUTY_FROM_EMAIL: 'responder@example.com',
        PAGERDUTY_API_BASE_URL: pagerDuty.url,
        TEAMS_WORKFLOW_URL: teams.workflowUrl,
        DESTINATIONS_ALLOW_TEST_HOSTS: 'true',
        INGEST_GROUP_WINDOW_MINUTES: '0.001',
      },
    });
  });

  afterAll(async () => {
    await host?.stop();
    await pagerDuty?.close();
    await teams?.close();
  });

  it('posts the report once as a PagerDuty note and a Teams card, and shows each delivery in the status', async () => {
    // Prepare: the PagerDuty incident, investigated with a plan that writes back to its source and Teams
    const pdId = incident.externalIds.incidentId!;

    // Act
    const started = await fetch(`${host.url}/api/investigations?code=${host.functionKey}`, {
      method: 'POST',
      body: JSON.stringify({ incident, planId: 'http-5xx-after-deployment' }),
    });
    const { id } = (await started.json()) as { id: string };
    const detail = await eventually(async () => {
      const body = (await (await fetch(`${host.url}/api/investigations/${id}?code=${host.functionKey}`)).json()) as { runtimeStatus: string; status: { deliveries: Array<{ step: string; destination: string; status: string }> } };
      return body.runtimeStatus === 'Completed' ? body : undefined;
    }, 60000, 250);

    // Assess: the report reached PagerDuty once, with the summary and a link to the full report
    const notes = pagerDuty.notes.get(pdId) ?? [];
    const ours = notes.filter((n) => n.content.includes(`/api/investigations/${id}/report.md`));
    expect(ours.filter((n) => n.content.includes('Investigation started'))).toHaveLength(1);
    expect(ours.filter((n) => !n.content.includes('Investigation started'))).toHaveLength(1);
    // and Teams got an Adaptive Card for the report
    const cards = teams.posted as Array<{ attachments: Array<{ contentType: string; content: { type: string; version: string } }> }>;
    expect(cards.some((c) => c.attachments[0]!.contentType === 'application/vnd.microsoft.card.adaptive' && JSON.stringify(c).includes(id))).toBe(true);
    expect(detail.status.deliveries.filter((d) => d.step === 'report').map((d) => [d.destination, d.status]).sort()).toEqual([
      ['pagerduty', 'delivered'],
      ['teams', 'delivered'],
    ]);
  });
});

describe('investigateIncident: a destination outage', () => {
  it('records the failed delivery in the status and still completes the investigation', async () => {
    // Prepare: PagerDuty knows no incident, so every write fails (404 is not retried)
    const pagerDuty = await startPagerDutyFake('pd-test-token', {});
    const host = await startDevhostProcess({
      app: '.',
      env: { PAGERDUTY_API_TOKEN: 'pd-test-token', PAGERDUTY_FROM_EMAIL: 'responder@example.com', PAGERDUTY_API_BASE_URL: pagerDuty.url, DESTINATIONS_ALLOW_TEST_HOSTS: 'true', INGEST_GROUP_WINDOW_MINUTES: '0.001' },
    });
    try {
      const raw = readFileSync(join(repoRoot, 'test/fixtures/events/pagerduty/incident-triggered.json'), 'utf8');
      const [outcome] = await createSourceAdapter('pagerduty', { PAGERDUTY_WEBHOOK_SECRETS: 'unused' }).parse({ url: 'http://localhost', headers: { 'content-type': 'application/json' }, rawBody: raw });
      if (outcome?.kind !== 'incident') throw new Error('fixture is not an incident');

      // Act
      const { id } = (await (await fetch(`${host.url}/api/investigations?code=${host.functionKey}`, { method: 'POST', body: JSON.stringify({ incident: outcome.incident }) })).json()) as { id: string };
      const detail = await eventually(async () => {
        const body = (await (await fetch(`${host.url}/api/investigations/${id}?code=${host.functionKey}`)).json()) as { runtimeStatus: string; status: { deliveries: Array<{ step: string; destination: string; status: string; detail: string }> } };
        return body.runtimeStatus === 'Completed' ? body : undefined;
      }, 60000, 250);

      // Assess
      expect(detail.status.deliveries.find((d) => d.step === 'report' && d.destination === 'pagerduty')).toMatchObject({ status: 'failed', detail: expect.stringContaining('Incident Not Found') });
    } finally {
      await host.stop();
      await pagerDuty.close();
    }
  });
});
