import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { selfSignedCertificate } from '../../../devhost/logAnalytics/selfSignedCertificate';
import { createDeliveryLedger, deliveryKeyOf, deliveryMarkerOf, type DestinationName } from '../../../shared/destinations';
import type { Incident } from '../../../shared/incident';
import { createSourceAdapter } from '../../../shared/sources';
import { eventually, repoRoot, startDevhostProcess, type DevhostProcess } from '../../helpers/devhostProcess';
import { startEventGridFake, type EventGridFake } from '../../helpers/fakes/eventGridFake';
import type { FakeHttpServer, RecordedRequest, TrapPoint } from '../../helpers/fakes/fakeHttpServer';
import { startPagerDutyFake, type PagerDutyFake } from '../../helpers/fakes/pagerDutyFake';
import { startServiceNowFake, type ServiceNowFake } from '../../helpers/fakes/serviceNowFake';
import { deliveryRefOf, startTeamsWorkflowFake, type TeamsWorkflowFake } from '../../helpers/fakes/teamsWorkflowFake';

/**
 * SIGKILL of the devhost in the middle of a report write-back, at each point of the exchange with
 * each destination, then a restart on the same task hub and storage. Afterwards every step that
 * can be looked up (PagerDuty note, acknowledge and status update, ServiceNow work note) happened
 * exactly once; Teams cards and Event Grid events, which cannot be looked up, may repeat, but
 * every repeat carries the same key (the card's deliveryRef, the event's id).
 */

const SYS_ID = '9d3f1a7c1b2e4610a8c4e7f2d05b3c91';
const EVENT_COMPLETED = 'IncidentResponder.Investigation.Completed';

type Target = 'pagerduty-note' | 'pagerduty-status-update' | 'servicenow' | 'teams' | 'event-grid';
const POINTS: TrapPoint[] = ['before-request', 'holding', 'answered'];
const TARGETS: Target[] = ['pagerduty-note', 'pagerduty-status-update', 'servicenow', 'teams', 'event-grid'];

/** The report write-back request of investigation `id` to a target. */
function reportRequest(target: Target, id: string): (r: RecordedRequest) => boolean {
  const link = `/api/dashboard/investigations/${id}`;
  switch (target) {
    case 'pagerduty-note':
      return (r) => r.method === 'POST' && r.path.endsWith('/notes') && r.body.includes(link) && r.body.includes('Investigation report');
    case 'pagerduty-status-update':
      return (r) => r.method === 'POST' && r.path.endsWith('/status_updates') && r.body.includes(link);
    case 'servicenow':
      return (r) => r.method === 'PATCH' && r.body.includes(link) && r.body.includes('Investigation report');
    case 'teams':
      return (r) => r.method === 'POST' && r.body.includes(id);
    case 'event-grid':
      return (r) => r.method === 'POST' && Array.isArray(r.json) && (r.json as Array<{ type?: string; subject?: string }>).some((e) => e.type === EVENT_COMPLETED && e.subject === `/investigations/${id}`);
  }
}

const DESTINATION_OF: Record<Target, DestinationName> = {
  'pagerduty-note': 'pagerduty',
  'pagerduty-status-update': 'pagerduty',
  servicenow: 'servicenow',
  teams: 'teams',
  'event-grid': 'event-grid',
};

/** The bundled 5xx plan, writing back to all four destinations with an acknowledge and a status update on PagerDuty. */
async function uploadPlan(): Promise<string> {
  const bundled = readFileSync(join(repoRoot, 'plans/http-5xx-after-deployment.yaml'), 'utf8');
  const plan = bundled.replace(/^destinations: .*$/m, 'destinations:\n  - source:acknowledge,status-update\n  - servicenow\n  - teams\n  - event-grid');
  if (plan === bundled) throw new Error('the bundled plan has no destinations line to replace');
  const container = `plans-${randomBytes(4).toString('hex')}`;
  const client = BlobServiceClient.fromConnectionString(process.env.TEST_STORAGE_CONNECTION_STRING!).getContainerClient(container);
  await client.createIfNotExists();
  await client.getBlockBlobClient('http-5xx-after-deployment.yaml').upload(plan, Buffer.byteLength(plan));
  return container;
}

async function pagerDutyIncident(): Promise<Incident> {
  const raw = readFileSync(join(repoRoot, 'test/fixtures/events/pagerduty/incident-triggered.json'), 'utf8');
  const outcomes = await createSourceAdapter('pagerduty', { PAGERDUTY_WEBHOOK_SECRETS: 'unused' }).parse({ url: 'http://localhost', headers: { 'content-type': 'application/json' }, rawBody: raw });
  const found = outcomes.find((o) => o.kind === 'incident');
  if (found?.kind !== 'incident') throw new Error('fixture is not an incident');
  // The same incident is also a ServiceNow ticket, so every investigation writes to both.
  return { ...found.incident, externalIds: { ...found.incident.externalIds, serviceNowSysId: SYS_ID } };
}

interface Detail {
  runtimeStatus: string;
  status: { deliveries: Array<{ step: string; destination: string; status: string }> };
}

describe('investigateIncident: SIGKILL during write-back', () => {
  let pagerDuty: PagerDutyFake;
  let serviceNow: ServiceNowFake;
  let teams: TeamsWorkflowFake;
  let eventGrid: EventGridFake;
  const hosts: DevhostProcess[] = [];

  let release: () => void = () => undefined;

  afterAll(async () => {
    release();
    await Promise.all(hosts.map((h) => h.stop()));
    await Promise.all([pagerDuty, serviceNow, teams, eventGrid].map((fake) => fake?.close()));
  });

  it('repeats no step that can be looked up, and marks every repeat of the others with the same key', async () => {
    // Prepare: the four destinations, a plan that writes to all of them, and the first host
    const incident = await pagerDutyIncident();
    const pdId = incident.externalIds.incidentId!;
    const tls = await selfSignedCertificate();
    const caFile = join(mkdtempSync(join(tmpdir(), 'kill-ca-')), 'ca.pem');
    writeFileSync(caFile, tls.cert);
    // The report waits for the started notice: holding the started notes keeps every report
    // write-back back until all investigations are started and their traps armed.
    const released = new Promise<void>((resolve) => (release = resolve));
    pagerDuty = await startPagerDutyFake('pd-test-token', { [pdId]: 'triggered' }, { noteHeldUntil: (content) => (content.includes('Investigation started') ? released : undefined) });
    serviceNow = await startServiceNowFake({ basic: { user: 'svc_ir', password: 'pw' } }, { [SYS_ID]: { number: 'INC0048213', state: '2' } });
    teams = await startTeamsWorkflowFake('teams-sig');
    eventGrid = await startEventGridFake({ key: 'topic-key' }, tls);
    const fakes: Record<Target, FakeHttpServer> = { 'pagerduty-note': pagerDuty, 'pagerduty-status-update': pagerDuty, servicenow: serviceNow, teams, 'event-grid': eventGrid };
    const env = {
      PAGERDUTY_API_TOKEN: 'pd-test-token',
      PAGERDUTY_FROM_EMAIL: 'responder@example.com',
      PAGERDUTY_API_BASE_URL: pagerDuty.url,
      SERVICENOW_INSTANCE_URL: serviceNow.url,
      SERVICENOW_USERNAME: 'svc_ir',
      SERVICENOW_PASSWORD: 'pw',
      TEAMS_WORKFLOW_URL: teams.workflowUrl,
      EVENTGRID_TOPIC_ENDPOINT: eventGrid.endpoint,
      EVENTGRID_TOPIC_KEY: 'topic-key',
      DESTINATIONS_EXTRA_CA_FILE: caFile,
      DESTINATIONS_ALLOW_TEST_HOSTS: 'true',
      // Longer than any request is held (started notes, trapped requests), so none times out.
      DESTINATIONS_TIMEOUT_SECONDS: '120',
      PLANS_CONTAINER: await uploadPlan(),
      INGEST_GROUP_WINDOW_MINUTES: '0.001',
    };
    const ledger = createDeliveryLedger({ AzureWebJobsStorage: process.env.TEST_STORAGE_CONNECTION_STRING });
    // The process a trap kills: the newest one, even while it is still starting up.
    let current: ChildProcess | undefined;
    const onSpawn = (child: ChildProcess): void => {
      current = child;
    };
    let host = await startDevhostProcess({ app: '.', env, onSpawn, readyTimeoutMs: 120_000 });
    hosts.push(host);
    const rounds: Array<{ id: string; target: Target; point: TrapPoint }> = [];

    // Act: one investigation per (target, point), all started while their started notices are
    // held. A trap at `answered` kills the host at once (the step is not recorded yet); requests
    // stopped `before-request` or `holding` stay held, and the host is killed once every such trap
    // has sprung (one kill for all of them keeps the restarts, and the test's time, down).
    let sprung = 0;
    let heldSprung = 0;
    const killed = new Set<number>();
    const holding = new Set<number>();
    const kill = (): void => {
      if (current?.pid === undefined) return;
      killed.add(current.pid);
      current.kill('SIGKILL');
    };
    for (const target of TARGETS) {
      for (const point of POINTS) {
        const started = await fetch(`${host.url}/api/investigations?code=${host.functionKey}`, { method: 'POST', body: JSON.stringify({ incident, planId: 'http-5xx-after-deployment' }) });
        const { id } = (await started.json()) as { id: string };
        rounds.push({ id, target, point });
        fakes[target].trap({
          point,
          matches: reportRequest(target, id),
          sprung: () => {
            sprung++;
            if (point === 'answered') return kill();
            heldSprung++;
            if (current?.pid !== undefined) holding.add(current.pid);
          },
        });
      }
    }
    const heldTotal = rounds.filter((r) => r.point !== 'answered').length;
    release();
    const restart = async (victim: DevhostProcess): Promise<DevhostProcess> => {
      await victim.kill();
      for (;;) {
        try {
          const next = await startDevhostProcess({ app: '.', env, taskHub: victim.taskHub, recordDir: victim.recordDir, onSpawn, readyTimeoutMs: 120_000 });
          hosts.push(next);
          return next;
        } catch (error) {
          // A trap sprang while the new host was still starting (it resumes write-backs at once): start another.
          if (current?.pid === undefined || !killed.has(current.pid)) throw error;
        }
      }
    };
    while (sprung < rounds.length || killed.has(host.child.pid!) || holding.has(host.child.pid!)) {
      const alive = host;
      await eventually(async () => {
        if (holding.has(alive.child.pid!) && heldSprung === heldTotal) kill();
        return killed.has(alive.child.pid!) ? true : undefined;
      }, 180_000, 50);
      host = await restart(alive);
    }
    const last = host;
    const details = await eventually(async () => {
      const all = await Promise.all(rounds.map(async ({ id }) => (await (await fetch(`${last.url}/api/investigations/${id}?code=${last.functionKey}`)).json()) as Detail));
      return all.every((d) => d.runtimeStatus === 'Completed') ? all : undefined;
    }, 240_000, 500);

    // Assess: every investigation delivered both steps everywhere, and every trap was sprung by a host
    expect(sprung).toBe(rounds.length);
    for (const detail of details) {
      expect(detail.status.deliveries.map((d) => `${d.step}/${d.destination}/${d.status}`).sort()).toEqual(
        // (Teams gets no card for the started notice)
        ['investigation-started', 'report'].flatMap((step) => ['event-grid', 'pagerduty', 'servicenow', 'teams'].map((d) => `${step}/${d}/${step === 'investigation-started' && d === 'teams' ? 'skipped' : 'delivered'}`)).sort(),
      );
    }
    // the kill landed inside the write-back: the report delivery ran again on the next host
    // (at `answered` the first host may have recorded the outcome before it died: then nothing ran again)
    const tries = await Promise.all(
      rounds.filter((r) => r.point !== 'answered').map(async ({ id, target, point }) => ({ round: `${target}/${point}`, tries: (await ledger.get(id, deliveryKeyOf(id, DESTINATION_OF[target], 'report')))?.tries ?? 0 })),
    );
    expect(tries.filter((t) => t.tries < 2)).toEqual([]);
    // steps that can be looked up happened exactly once per investigation
    const count = (texts: readonly string[], id: string, marker: string): number => texts.filter((t) => t.includes(`/api/dashboard/investigations/${id}`) && t.includes(marker)).length;
    const notes = (pagerDuty.notes.get(pdId) ?? []).map((n) => n.content);
    const updates = pagerDuty.statusUpdates.get(pdId) ?? [];
    const workNotes = serviceNow.journal.get(SYS_ID) ?? [];
    const repeats = rounds.map(({ id, target, point }) => ({
      round: `${target}/${point}`,
      pagerDutyNotes: [count(notes, id, 'Investigation started'), count(notes, id, 'Investigation report')],
      statusUpdates: count(updates, id, ''),
      workNotes: [count(workNotes, id, 'Investigation started'), count(workNotes, id, 'Investigation report')],
    }));
    expect(repeats).toEqual(rounds.map(({ target, point }) => ({ round: `${target}/${point}`, pagerDutyNotes: [1, 1], statusUpdates: 1, workNotes: [1, 1] })));
    // Acknowledging reads the incident first, so a repeat of one step does not PUT again; but the
    // 15 investigations share one PagerDuty incident and start together, so two of them may both
    // read it triggered and both acknowledge it: a state change, idempotent, never a second note.
    const puts = pagerDuty.requests.filter((r) => r.method === 'PUT');
    expect(puts.length).toBeGreaterThanOrEqual(1);
    expect(puts.length).toBeLessThanOrEqual(rounds.length);
    expect(new Set(puts.map((r) => r.body))).toEqual(new Set(['{"incident":{"type":"incident_reference","status":"acknowledged"}}']));
    expect(pagerDuty.statuses.get(pdId)).toBe('acknowledged');
    // Teams cards and Event Grid events may repeat, each repeat with the same key
    expect(teams.failedRuns).toEqual([]);
    for (const { id } of rounds) {
      const cards = teams.posted.filter((body) => JSON.stringify(body).includes(id));
      expect(cards.length).toBeGreaterThanOrEqual(1);
      expect(new Set(cards.map(deliveryRefOf))).toEqual(new Set([deliveryMarkerOf(deliveryKeyOf(id, 'teams', 'report'))]));
      const events = eventGrid.events.filter((e) => e.subject === `/investigations/${id}`);
      for (const type of ['IncidentResponder.Investigation.Started', EVENT_COMPLETED]) {
        const ofType = events.filter((e) => e.type === type);
        expect(ofType.length).toBeGreaterThanOrEqual(1);
        expect(new Set(ofType.map((e) => e.id)).size).toBe(1);
      }
    }
  }, 600_000);
});
