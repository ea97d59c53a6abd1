import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDeliveryLedger, deliveryKeyOf } from '../../../shared/destinations';
import type { Incident } from '../../../shared/incident';
import { createSourceAdapter } from '../../../shared/sources';
import { eventually, repoRoot, startDevhostProcess, type DevhostProcess } from '../../helpers/devhostProcess';
import { startPagerDutyFake, type PagerDutyFake } from '../../helpers/fakes/pagerDutyFake';
import { startTeamsWorkflowFake, type TeamsWorkflowFake } from '../../helpers/fakes/teamsWorkflowFake';

/**
 * Long enough for the test to see the note and kill the host before PagerDuty answers; under the
 * destinations' 15 s request timeout, so the first host never times out and re-posts by itself.
 */
const NOTE_HOLD_MS = 12_000;

interface InvestigationDetail {
  runtimeStatus: string;
  status: { deliveries: Array<{ step: string; destination: string; status: string }> };
}

async function pagerDutyIncident(): Promise<Incident> {
  const raw = readFileSync(join(repoRoot, 'test/fixtures/events/pagerduty/incident-triggered.json'), 'utf8');
  const outcomes = await createSourceAdapter('pagerduty', { PAGERDUTY_WEBHOOK_SECRETS: 'unused' }).parse({ url: 'http://localhost', headers: { 'content-type': 'application/json' }, rawBody: raw });
  const found = outcomes.find((o) => o.kind === 'incident');
  if (found?.kind !== 'incident') throw new Error('fixture is not an incident');
  return found.incident;
}

describe('investigateIncident: a crash during write-back', () => {
  let pagerDuty: PagerDutyFake;
  let teams: TeamsWorkflowFake;
  const hosts: DevhostProcess[] = [];

  afterAll(async () => {
    await Promise.all(hosts.map((h) => h.stop()));
    await pagerDuty?.close();
    await teams?.close();
  });

  it('delivers to each destination exactly once when the devhost is killed while PagerDuty holds the report note, then restarted', async () => {
    // Prepare: PagerDuty stores the first report note and holds its answer; the crash lands in that wait
    const incident = await pagerDutyIncident();
    const pdId = incident.externalIds.incidentId!;
    let reportNotesHeld = 0;
    pagerDuty = await startPagerDutyFake('pd-test-token', { [pdId]: 'triggered' }, {
      noteDelayMs: (content) => (!content.includes('Investigation started') && reportNotesHeld++ === 0 ? NOTE_HOLD_MS : undefined),
    });
    teams = await startTeamsWorkflowFake('teams-sig');
    const env = {
      PAGERDUTY_API_TOKEN: 'pd-test-token',
      PAGERDUTY_FROM_EMAIL: 'responder@example.com',
      PAGERDUTY_API_BASE_URL: pagerDuty.url,
      TEAMS_WORKFLOW_URL: teams.workflowUrl,
      DESTINATIONS_ALLOW_TEST_HOSTS: 'true',
      INGEST_GROUP_WINDOW_MINUTES: '0.001',
    };
    // The test reads the same ledger the write-back activity writes (the devhost's Azurite, default table).
    const ledger = createDeliveryLedger({ AzureWebJobsStorage: process.env.TEST_STORAGE_CONNECTION_STRING });
    const first = await startDevhostProcess({ app: '.', env });
    hosts.push(first);
    const started = await fetch(`${first.url}/api/investigations?code=${first.functionKey}`, { method: 'POST', body: JSON.stringify({ incident, planId: 'http-5xx-after-deployment' }) });
    const { id } = (await started.json()) as { id: string };
    const ours = (): Array<{ content: string }> => (pagerDuty.notes.get(pdId) ?? []).filter((n) => n.content.includes(`/api/investigations/${id}/report.md`));
    await eventually(async () => (ours().some((n) => !n.content.includes('Investigation started')) ? true : undefined), 60000, 100);
    // Teams' report card goes out in parallel with the note and has no lookup: kill only once the
    // ledger says it was delivered, so the crash can only repeat the PagerDuty write (the
    // documented repost-once window of Teams is not what this test is about).
    await eventually(async () => ((await ledger.get(id, deliveryKeyOf(id, 'teams', 'report')))?.state === 'delivered' ? true : undefined), 10000, 100);
    expect(reportNotesHeld).toBe(1);

    // Act: SIGKILL while the note's answer is held, then a new devhost on the same task hub
    await first.kill();
    const second = await startDevhostProcess({ app: '.', env, taskHub: first.taskHub, recordDir: first.recordDir });
    hosts.push(second);
    const detail = await eventually(async () => {
      const body = (await (await fetch(`${second.url}/api/investigations/${id}?code=${second.functionKey}`)).json()) as InvestigationDetail;
      return body.runtimeStatus === 'Completed' ? body : undefined;
    }, 90000, 250);

    // Assess: the re-run write-back found its note by marker instead of posting it again
    expect(ours().filter((n) => n.content.includes('Investigation started'))).toHaveLength(1);
    expect(ours().filter((n) => !n.content.includes('Investigation started'))).toHaveLength(1);
    expect(reportNotesHeld).toBe(1);
    const reportCards = (teams.posted as Array<{ attachments: Array<{ contentType: string }> }>).filter((c) => c.attachments[0]!.contentType === 'application/vnd.microsoft.card.adaptive' && JSON.stringify(c).includes(id));
    expect(reportCards).toHaveLength(1);
    expect(detail.status.deliveries.filter((d) => d.step === 'report').map((d) => [d.destination, d.status]).sort()).toEqual([
      ['pagerduty', 'delivered'],
      ['teams', 'delivered'],
    ]);
    expect((await ledger.get(id, deliveryKeyOf(id, 'pagerduty', 'report')))?.tries).toBe(2);
  });
});
