import { randomBytes } from 'node:crypto';
import type { Incident } from '../../../shared/incident';
import type { MemoryRecord } from '../../../shared/memory/memoryRecord';
import { memorySettings } from '../../../shared/memory/memorySettings';
import { memoryStore } from '../../../shared/memory/memoryStore';
import { eventually, startDevhostProcess, type DevhostProcess } from '../../helpers/devhostProcess';
import { scenarioIncident, startModelInvestigation, waitForReport } from '../../helpers/modelInvestigation';

interface SeenBeforeJson {
  memoryId: string;
  investigationId: string;
  url: string;
  matchedBy: string[];
}

interface ReportJson {
  hypotheses: Array<{ hypothesisId: string; rootCauseCategory: string; verdict: string }>;
  rootCauseCategory: string | null;
  seenBefore?: SeenBeforeJson[];
  reliedOn?: Array<{ kind: string; memoryId: string; use: string }>;
  timeline: Array<{ event: string }>;
}

/** Secrets planted in a memory record: a GitHub token and a storage account key. */
const GITHUB_TOKEN = `ghp_${'A1b2C3d4E5'.repeat(4)}`;
const ACCOUNT_KEY = 'plantedAccountKeyValue0123456789==';

describe('investigateIncident with incident memory (deterministic, telemetry emulator)', () => {
  const table = `Memory${randomBytes(4).toString('hex')}`;
  const store = memoryStore(memorySettings.load({ MEMORY_TABLE: table }), { AzureWebJobsStorage: process.env.TEST_STORAGE_CONNECTION_STRING! });
  let host: DevhostProcess;
  let incident: Incident;
  let firstId: string;

  const api = (path: string, init?: RequestInit): Promise<Response> => fetch(`${host.url}/api/${path}${path.includes('?') ? '&' : '?'}code=${host.functionKey}`, init);
  const reportMarkdown = async (id: string): Promise<string> => (await api(`investigations/${id}/report.md`)).text();

  beforeAll(async () => {
    incident = await scenarioIncident();
    host = await startDevhostProcess({ app: '.', env: { DEVHOST_TELEMETRY_EMULATOR: 'on', ANTHROPIC_API_KEY: '', INGEST_GROUP_WINDOW_MINUTES: '0.001', MEMORY_TABLE: table } });
  });

  afterAll(async () => {
    await host?.stop();
  });

  it('checks the hypothesis of the cause a similar past incident confirmed first, cites the memory and never shows a secret it holds', async () => {
    // Prepare: a past incident of the same group whose confirmed cause was a failing dependency (not the plan's first hypothesis)
    const planted: MemoryRecord = {
      schemaVersion: 1,
      id: 'planted-past-incident',
      investigationId: 'planted-past-incident',
      recordedAt: new Date(Date.now() - 86_400_000).toISOString(),
      firedAt: new Date(Date.now() - 86_400_000).toISOString(),
      title: 'An old alert',
      service: null,
      resources: [],
      alertRule: null,
      groupKey: incident.groupKey,
      planId: 'default',
      summary: `The payments dependency timed out; token ${GITHUB_TOKEN} was in the logs.`,
      rootCause: 'The payments dependency timed out.',
      rootCauseCategory: 'dependency_outage',
      confidence: 0.8,
      confirmedHypotheses: ['failing-dependency'],
      decidingQueries: [{ tool: 'app_insights_query', query: `AppDependencies | where Data has "AccountKey=${ACCOUNT_KEY}"` }],
      recommendedActions: ['Raise the payments timeout'],
      mitigations: [],
      resolvedAt: null,
    };
    await store.put(planted);

    // Act
    firstId = await startModelInvestigation(host, incident, 'default');
    const report = (await waitForReport(host, firstId, 90_000)) as unknown as ReportJson;

    // Assess: the failing-dependency hypothesis was scheduled and listed first, and the timeline says why
    expect(report.hypotheses[0]!.hypothesisId).toBe('failing-dependency');
    expect(report.timeline.map((t) => t.event)).toContain('checked first, as a similar past incident confirmed their category: failing-dependency');

    // Assess: the report cites the memory it used, with the past investigation's dashboard link
    expect(report.seenBefore).toEqual([expect.objectContaining({ memoryId: 'planted-past-incident', url: expect.stringMatching(/\/api\/dashboard\/investigations\/planted-past-incident$/), matchedBy: ['group key'] })]);
    const markdown = await reportMarkdown(firstId);
    expect(markdown).toContain('## Seen before');
    expect(markdown).toContain('memory `planted-past-incident`');
    expect(report.reliedOn).toEqual([expect.objectContaining({ kind: 'incident', memoryId: 'planted-past-incident', use: 'its confirmed cause (dependency_outage) put failing-dependency first' })]);
    expect(markdown).toContain('## What the responder relied on\n\n- past incident `planted-past-incident`');

    // Assess: neither secret of the record reached the report
    for (const text of [JSON.stringify(report), markdown]) {
      expect(text).not.toContain(GITHUB_TOKEN);
      expect(text).not.toContain(ACCOUNT_KEY);
    }
    expect(markdown).toContain('[REDACTED:');
  });

  it('forgets a memory: it is gone from the routes and the next investigation does not recall it, but recalls the first one', async () => {
    // Prepare: the first investigation is in memory, redacted by the activity
    const remembered = await eventually(async () => {
      const response = await api(`memory/${firstId}`);
      return response.status === 200 ? ((await response.json()) as MemoryRecord) : undefined;
    }, 30_000, 250);
    expect(remembered).toMatchObject({ id: firstId, groupKey: incident.groupKey, planId: 'default' });
    expect(JSON.stringify(remembered)).not.toContain(GITHUB_TOKEN);

    // Act: forget the planted memory
    expect((await api('memory/planted-past-incident', { method: 'DELETE' })).status).toBe(204);

    // Assess: the routes no longer know it, and refuse a malformed id or parameter
    expect((await api('memory/planted-past-incident')).status).toBe(404);
    expect((await api('memory/planted-past-incident', { method: 'DELETE' })).status).toBe(404);
    expect((await api('memory/bad..id')).status).toBe(400);
    expect((await api('memory?colour=blue')).status).toBe(400);
    const listed = (await (await api('memory')).json()) as { memories: MemoryRecord[] };
    expect(listed.memories.map((m) => m.id)).toEqual([firstId]);

    // Act: the same incident, investigated again
    const secondId = await startModelInvestigation(host, incident, 'default');
    const report = (await waitForReport(host, secondId, 90_000)) as unknown as ReportJson;

    // Assess: "seen before" names the first investigation, not the forgotten memory
    expect(report.seenBefore?.map((s) => s.investigationId)).toEqual([firstId]);
    expect(await reportMarkdown(secondId)).toContain(`/api/dashboard/investigations/${firstId}`);
  });
});
