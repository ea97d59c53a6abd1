import { planResolve, readGroup, recordIncident, recordLedgerEntry, writeGroup, type IngestionStore } from '../../../shared/ingestion';
import { azureMonitorSettings, createAzureMonitorAdapter } from '../../../shared/sources';
import type { DevhostProcess } from '../../helpers/devhostProcess';
import { eventually } from '../../helpers/devhostProcess';
import { getStatus, waitForStatus } from '../../helpers/durableHttp';
import { loadEventText } from '../../shared/sources/loadEvent';
import { azureMonitorAlert, get, guid, pagerDutyHeaders, post, startIngestHostWithStore } from './ingestHost';

interface Status {
  phase: string;
  signals: number;
  updates: number;
  resolvedAt: string | null;
}

describe('Ingest: dedupe and storm control through POST /api/ingest/azure-monitor', () => {
  let host: DevhostProcess;
  /** The host's own ingestion storage, to write what a crashed request left behind. */
  let store: IngestionStore;

  beforeAll(async () => {
    ({ host, store } = await startIngestHostWithStore({ INGEST_MAX_CONCURRENT_INVESTIGATIONS: '50' }));
  });

  afterAll(async () => {
    await host.stop();
  });

  it('starts one investigation when the same alert is delivered three times', async () => {
    // Prepare
    const body = azureMonitorAlert(guid(), 'Fired', 'log-v2.json');

    // Act
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await post(host, 'ingest/azure-monitor', body));

    // Assess
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    const results = answers.map((a) => a.body.results[0]);
    expect(results.map((r) => r.duplicate)).toEqual([false, true, true]);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results[0].disposition).toBe('started');
    const instanceId = results[0].investigationId as string;
    const status = await waitForStatus(host, instanceId, (s) => s.runtimeStatus === 'Running');
    expect((status.customStatus as Status).signals).toBe(1);
    const listed = await get(host, `incidents?investigationId=${instanceId}`);
    expect(listed.body.count).toBe(1);
  });

  it('starts one investigation for ten parallel deliveries of the same alert', async () => {
    // Prepare
    const body = azureMonitorAlert(guid(), 'Fired', 'prometheus.json');

    // Act
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(host, 'ingest/azure-monitor', body)));

    // Assess
    expect(answers.every((a) => a.status === 202)).toBe(true);
    const results = answers.map((a) => a.body.results[0]);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.investigationId)).size).toBe(1);
    const instanceId = results[0].investigationId as string;
    await new Promise((r) => setTimeout(r, 500));
    const status = await waitForStatus(host, instanceId, (s) => s.runtimeStatus === 'Running');
    expect((status.customStatus as Status).signals).toBe(1);
    expect((await get(host, `incidents?investigationId=${instanceId}`)).body.count).toBe(1);
  });

  it('joins 200 alerts of one rule and resource into one investigation with 200 signals and 200 index records', async () => {
    // Prepare
    const bodies = Array.from({ length: 200 }, () => azureMonitorAlert(guid()));

    // Act: 200 alerts within a minute, 20 in flight at a time
    const answers = [];
    for (let i = 0; i < bodies.length; i += 20) answers.push(...(await Promise.all(bodies.slice(i, i + 20).map((b) => post(host, 'ingest/azure-monitor', b)))));

    // Assess
    expect(answers.every((a) => a.status === 202)).toBe(true);
    const investigations = new Set(answers.map((a) => a.body.results[0].investigationId));
    expect(investigations.size).toBe(1);
    const [instanceId] = [...investigations] as string[];
    expect(answers.filter((a) => a.body.results[0].disposition === 'started')).toHaveLength(1);
    expect(answers.filter((a) => a.body.results[0].disposition === 'joined')).toHaveLength(199);
    const status = await waitForStatus(host, instanceId!, (s) => (s.customStatus as Status | null)?.signals === 200, 150000);
    expect(status.runtimeStatus).toBe('Running');
    expect((await get(host, `incidents?investigationId=${instanceId}&limit=1000`)).body.count).toBe(200);
  }, 180000);

  it('raises Resolved on the running investigation, which reaches phase resolved', async () => {
    // Prepare
    const alertGuid = guid();
    const fired = await post(host, 'ingest/azure-monitor', azureMonitorAlert(alertGuid, 'Fired', 'metric-dynamic.json'));
    const instanceId = fired.body.results[0].investigationId as string;
    await waitForStatus(host, instanceId, (s) => s.runtimeStatus === 'Running');

    // Act
    const resolved = await post(host, 'ingest/azure-monitor', azureMonitorAlert(alertGuid, 'Resolved', 'metric-dynamic.json'));

    // Assess
    expect(resolved.status).toBe(202);
    expect(resolved.body.results[0]).toMatchObject({ kind: 'resolve', disposition: 'resolved', investigationId: instanceId });
    const status = await waitForStatus(host, instanceId, (s) => (s.customStatus as Status | null)?.phase === 'resolved');
    expect(status.runtimeStatus).toBe('Completed');
    const record = await get(host, `incidents/${resolved.body.results[0].id}`);
    expect(record.body.investigation.group).toMatchObject({ state: 'resolved' });
  });

  it('records a resolve for a finished investigation on the index without raising anything', async () => {
    // Prepare: an investigation fired and resolved, then a resolve of another alert of the same group arrives
    const first = guid();
    await post(host, 'ingest/azure-monitor', azureMonitorAlert(first, 'Fired', 'smart-detection.json'));
    const resolvedOnce = await post(host, 'ingest/azure-monitor', azureMonitorAlert(first, 'Resolved', 'smart-detection.json'));
    await waitForStatus(host, resolvedOnce.body.results[0].investigationId, (s) => s.runtimeStatus === 'Completed');

    // Act
    const late = await post(host, 'ingest/azure-monitor', azureMonitorAlert(guid(), 'Resolved', 'smart-detection.json'));

    // Assess
    expect(late.status).toBe(202);
    expect(late.body.results[0]).toMatchObject({ kind: 'resolve', disposition: 'annotated', investigationId: resolvedOnce.body.results[0].investigationId });
    const record = await eventually(async () => {
      const answer = await get(host, `incidents/${late.body.results[0].id}`);
      return answer.status === 200 ? answer.body : undefined;
    });
    expect(record.disposition).toBe('annotated');
    expect((await getStatus(host, resolvedOnce.body.results[0].investigationId)).body.runtimeStatus).toBe('Completed');
  });

  it('ends an investigation whose resolve is on the signal ledger though its event never came, at the next nudge', async () => {
    // Prepare: a monitoring investigation, and a resolve recorded on its ledger by a request that
    // died before raising the event (the ledger is written first)
    const fired = await post(host, 'ingest/azure-monitor', azureMonitorAlert(guid(), 'Fired', 'budget.json'));
    const { investigationId: instanceId } = fired.body.results[0] as { investigationId: string };
    const monitoring = await waitForStatus(host, instanceId, (s) => (s.customStatus as Status | null)?.phase === 'monitoring', 60000);
    const input = monitoring.input as { incident: { source: 'azure-monitor'; investigationKey: string } };
    await recordLedgerEntry(store, 'azure-monitor', input.incident.investigationKey, [instanceId], { kind: 'resolve', deliveryId: `lost-${guid()}`, resolvedAt: '2026-03-04T12:00:00.000Z' });

    // Act: another alert of the group joins, which nudges the investigation
    const joined = await post(host, 'ingest/azure-monitor', azureMonitorAlert(guid(), 'Fired', 'budget.json'));

    // Assess
    expect(joined.body.results[0]).toMatchObject({ disposition: 'joined', investigationId: instanceId });
    const status = await waitForStatus(host, instanceId, (s) => s.runtimeStatus === 'Completed', 60000);
    expect(status.customStatus).toMatchObject({ phase: 'resolved', resolvedAt: '2026-03-04T12:00:00.000Z', signals: 2 });
  }, 90000);

  /** An alert of its own rule (its own group), from the metric-dynamic fixture. */
  function alertOfRule(rule: string, alertGuid: string, condition: 'Fired' | 'Resolved'): string {
    const alert = JSON.parse(azureMonitorAlert(alertGuid, condition, 'metric-dynamic.json')) as { data: { essentials: Record<string, unknown> } };
    alert.data.essentials.alertRule = rule;
    alert.data.essentials.alertRuleID = String(alert.data.essentials.alertRuleID).replace(/[^/]+$/, rule);
    return JSON.stringify(alert);
  }

  /**
   * What the first attempt of a resolve delivery leaves when its process dies after marking the
   * group resolved: the resolve's record with its plan, the group resolved, nothing told.
   */
  async function crashedResolve(resolveBody: string, instanceId: string): Promise<void> {
    const [outcome] = await createAzureMonitorAdapter(azureMonitorSettings.load({})).parse({ url: 'https://app/api/ingest/azure-monitor', headers: {}, rawBody: resolveBody });
    if (outcome?.kind !== 'resolve') throw new Error('the body is not a resolve');
    const group = (await readGroup(store, outcome.incident.investigationKey))!;
    const { record } = await recordIncident(store, 'resolve', outcome.incident, outcome.deliveryId, new Date());
    await planResolve(store, record, { generation: group.row.generation, instanceId, targets: [instanceId] });
    expect(await writeGroup(store, { ...group.row, state: 'resolved', resolvedAt: new Date().toISOString(), input: undefined, openInstances: '[]' }, group.etag)).toBeDefined();
  }

  it('finishes a resolve whose first attempt marked the group resolved and died before telling the investigation', async () => {
    // Prepare
    const alertGuid = guid();
    const fired = await post(host, 'ingest/azure-monitor', alertOfRule('retry-same-generation', alertGuid, 'Fired'));
    const { investigationId: instanceId } = fired.body.results[0] as { investigationId: string };
    await waitForStatus(host, instanceId, (s) => (s.customStatus as Status | null)?.phase === 'monitoring', 60000);
    await crashedResolve(alertOfRule('retry-same-generation', alertGuid, 'Resolved'), instanceId);

    // Act: the source retries the delivery
    const retried = await post(host, 'ingest/azure-monitor', alertOfRule('retry-same-generation', alertGuid, 'Resolved'));

    // Assess
    expect(retried.body.results[0]).toMatchObject({ kind: 'resolve', disposition: 'resolved', investigationId: instanceId, duplicate: false });
    const status = await waitForStatus(host, instanceId, (s) => s.runtimeStatus === 'Completed', 60000);
    expect(status.customStatus).toMatchObject({ phase: 'resolved' });
  }, 90000);

  it('finishes such a resolve on its own generation when a newer one opened before the retry', async () => {
    // Prepare: the crashed resolve, then the alert fires again and opens the next generation
    const alertGuid = guid();
    const fired = await post(host, 'ingest/azure-monitor', alertOfRule('retry-new-generation', alertGuid, 'Fired'));
    const { investigationId: firstId } = fired.body.results[0] as { investigationId: string };
    await waitForStatus(host, firstId, (s) => (s.customStatus as Status | null)?.phase === 'monitoring', 60000);
    await crashedResolve(alertOfRule('retry-new-generation', alertGuid, 'Resolved'), firstId);
    // The host routes joins from the group it saw in the last INGEST_GROUP_CACHE_SECONDS (2 s).
    await new Promise((r) => setTimeout(r, 2100));
    const again = await post(host, 'ingest/azure-monitor', alertOfRule('retry-new-generation', guid(), 'Fired'));
    const { investigationId: secondId } = again.body.results[0] as { investigationId: string };

    // Act: the source retries the resolve of the first alert
    const retried = await post(host, 'ingest/azure-monitor', alertOfRule('retry-new-generation', alertGuid, 'Resolved'));

    // Assess: the first generation resolved, the second untouched
    expect(secondId).not.toBe(firstId);
    expect(retried.body.results[0]).toMatchObject({ kind: 'resolve', disposition: 'resolved', investigationId: firstId, duplicate: false });
    expect((await waitForStatus(host, firstId, (s) => s.runtimeStatus === 'Completed', 60000)).customStatus).toMatchObject({ phase: 'resolved' });
    expect((await readGroup(store, firstId))!.row).toMatchObject({ instanceId: secondId, state: expect.not.stringMatching(/^resolved$/) });
    expect(((await getStatus(host, secondId)).body.customStatus as Status | null)?.phase).not.toBe('resolved');
  }, 120000);

  it('lists investigations by when they started, which monitoring does not change', async () => {
    // Prepare: a monitoring investigation (its monitoring phase runs as a later execution)
    const fired = await post(host, 'ingest/azure-monitor', azureMonitorAlert(guid(), 'Fired', 'log-v1.json'));
    const { investigationId: instanceId } = fired.body.results[0] as { investigationId: string };
    const monitoring = await waitForStatus(host, instanceId, (s) => s.runtimeStatus === 'Running' && (s.customStatus as Status | null)?.phase === 'monitoring', 60000);
    const startedAt = (monitoring.customStatus as { startedAt: string }).startedAt;
    const around = (ms: number): string => new Date(Date.parse(startedAt) + ms).toISOString();

    // Act
    const spanning = await get(host, `investigations?from=${around(-1000)}&to=${around(1000)}`);
    const later = await get(host, `investigations?from=${around(1000)}`);

    // Assess
    expect(spanning.body).toEqual(expect.arrayContaining([expect.objectContaining({ id: instanceId, startedAt, phase: 'monitoring' })]));
    expect(later.body.map((i: { id: string }) => i.id)).not.toContain(instanceId);
  }, 90000);

  it('sends a parallel copy of a PagerDuty update back with 503 while the first is processed, and applies the update once', async () => {
    // Prepare: a running PagerDuty investigation
    const triggered = loadEventText('pagerduty', 'incident-triggered.json');
    const started = await post(host, 'ingest/pagerduty', triggered, pagerDutyHeaders(triggered, `wh-${guid()}`));
    const instanceId = started.body.results[0].investigationId as string;
    await waitForStatus(host, instanceId, (s) => s.runtimeStatus === 'Running');
    const acknowledged = loadEventText('pagerduty', 'incident-acknowledged.json');
    const headers = pagerDutyHeaders(acknowledged, `wh-${guid()}`);

    // Act: five copies of one delivery at once, then the refused ones again, as PagerDuty retries
    const parallel = await Promise.all(Array.from({ length: 5 }, () => post(host, 'ingest/pagerduty', acknowledged, headers)));
    const retried = await Promise.all(parallel.filter((a) => a.status === 503).map(() => post(host, 'ingest/pagerduty', acknowledged, headers)));

    // Assess
    expect(parallel.every((a) => a.status === 202 || a.status === 503)).toBe(true);
    const applied = [...parallel, ...retried].filter((a) => a.status === 202 && a.body.results[0].duplicate === false);
    expect(applied).toHaveLength(1);
    expect(retried.every((a) => a.status === 202 && a.body.results[0].duplicate === true)).toBe(true);
    for (const refused of parallel.filter((a) => a.status === 503)) expect(refused.contentType).toContain('application/problem+json');
    await waitForStatus(host, instanceId, (s) => (s.customStatus as Status | null)?.updates === 1, 60000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(((await getStatus(host, instanceId)).body.customStatus as Status).updates).toBe(1);
  }, 90000);
});
