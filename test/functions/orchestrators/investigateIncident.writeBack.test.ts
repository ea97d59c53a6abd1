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
    const ours = notes.filter((n) => n.content.includes(`/api/dashboard/investigations/${id}`));
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

describe('investigateIncident: the started notice runs beside the hypotheses', () => {
  it('tests the hypotheses while a destination holds the "investigation started" note, and posts the report only after that note', async () => {
    // Prepare: PagerDuty stores the started note and holds its answer until the test releases it
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const raw = readFileSync(join(repoRoot, 'test/fixtures/events/pagerduty/incident-triggered.json'), 'utf8');
    const [outcome] = await createSourceAdapter('pagerduty', { PAGERDUTY_WEBHOOK_SECRETS: 'unused' }).parse({ url: 'http://localhost', headers: { 'content-type': 'application/json' }, rawBody: raw });
    if (outcome?.kind !== 'incident') throw new Error('fixture is not an incident');
    const pdId = outcome.incident.externalIds.incidentId!;
    const pagerDuty = await startPagerDutyFake('pd-test-token', { [pdId]: 'triggered' }, { noteHeldUntil: (content) => (content.includes('Investigation started') ? released : undefined) });
    const host = await startDevhostProcess({
      app: '.',
      env: {
        PAGERDUTY_API_TOKEN: 'pd-test-token',
        PAGERDUTY_FROM_EMAIL: 'responder@example.com',
        PAGERDUTY_API_BASE_URL: pagerDuty.url,
        DESTINATIONS_ALLOW_TEST_HOSTS: 'true',
        // Longer than the hold, so the held note is answered, not timed out and retried.
        DESTINATIONS_TIMEOUT_SECONDS: '120',
        INGEST_GROUP_WINDOW_MINUTES: '0.001',
      },
    });
    try {
      type Detail = { runtimeStatus: string; status: { hypotheses: Array<{ verdict: string | null }>; deliveries: Array<{ step: string; destination: string; status: string }> } };
      const detail = async (id: string): Promise<Detail> => (await (await fetch(`${host.url}/api/investigations/${id}?code=${host.functionKey}`)).json()) as Detail;
      const { id } = (await (await fetch(`${host.url}/api/investigations?code=${host.functionKey}`, { method: 'POST', body: JSON.stringify({ incident: outcome.incident, planId: 'http-5xx-after-deployment' }) })).json()) as { id: string };
      const ours = (): Array<{ content: string }> => (pagerDuty.notes.get(pdId) ?? []).filter((n) => n.content.includes(`/api/dashboard/investigations/${id}`));

      // Act: every hypothesis reaches its verdict while the started note is still held
      const during = await eventually(async () => {
        const body = await detail(id);
        return body.status.hypotheses.length > 0 && body.status.hypotheses.every((h) => h.verdict !== null) ? body : undefined;
      }, 60000, 250);
      const notesWhileHeld = ours().map((n) => n.content);
      release();
      const done = await eventually(async () => {
        const body = await detail(id);
        return body.runtimeStatus === 'Completed' ? body : undefined;
      }, 60000, 250);

      // Assess: the diagnosis did not wait for the notice, but the report waited for it
      expect(during.runtimeStatus).toBe('Running');
      expect(notesWhileHeld).toHaveLength(1);
      expect(notesWhileHeld[0]).toContain('Investigation started');
      const contents = ours().map((n) => n.content);
      expect(contents).toHaveLength(2);
      expect(contents[0]).toContain('Investigation started');
      expect(contents[1]).toContain('Investigation report');
      expect(done.status.deliveries.map((d) => [d.step, d.destination, d.status]).sort()).toEqual([
        ['investigation-started', 'pagerduty', 'delivered'],
        ['report', 'pagerduty', 'delivered'],
      ]);
    } finally {
      release();
      await host.stop();
      await pagerDuty.close();
    }
  });
});
