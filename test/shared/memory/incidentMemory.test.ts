import { randomBytes } from 'node:crypto';
import type { Incident } from '../../../shared/incident';
import { buildMemoryRecord, memoryRecordSchema, type MemoryRecord } from '../../../shared/memory/memoryRecord';
import { memorySettings } from '../../../shared/memory/memorySettings';
import { memoryStore } from '../../../shared/memory/memoryStore';
import { rememberIncident } from '../../../shared/memory/rememberIncident';
import { checkFirst, similarIncidents, titleSimilarity } from '../../../shared/memory/similarIncidents';
import { synthesizeDeterministicReport } from '../../../shared/report/synthesizeDeterministicReport';
import { context, plan, verdict } from '../report/reportFixtures';
import { recallMemory } from '../../../shared/memory/recallMemory';
import type { ResolvedTarget } from '../../../shared/targets/resolvedTarget';
import { pagerDutyIncident } from '../targets/targetFixtures';

const SECRET = `ghp_${'Z9y8X7w6V5'.repeat(4)}`;

function record(id: string, change: Partial<MemoryRecord>): MemoryRecord {
  return {
    schemaVersion: 1,
    id,
    investigationId: id,
    recordedAt: '2026-03-01T00:00:00.000Z',
    firedAt: '2026-03-01T00:00:00.000Z',
    title: 'Disk almost full',
    service: null,
    resources: [],
    alertRule: null,
    groupKey: 'other-group',
    planId: 'default',
    summary: 's',
    rootCause: null,
    rootCauseCategory: 'undetermined',
    confidence: 0,
    confirmedHypotheses: [],
    decidingQueries: [],
    recommendedActions: [],
    mitigations: [],
    resolvedAt: null,
    ...change,
  };
}

describe('incident memory', () => {
  const incident: Incident = pagerDutyIncident();

  it('records what a report concluded, redacted and bounded, under the investigation id', async () => {
    // Prepare: a report whose summary quotes a token and runs far past the bound
    const env = { ...process.env, AzureWebJobsStorage: process.env.TEST_STORAGE_CONNECTION_STRING, MEMORY_TABLE: `Memory${randomBytes(4).toString('hex')}` };
    const base = synthesizeDeterministicReport({ ...context, verdicts: [verdict('deploy', 'supported', 0.9, ['deploy:c1']), verdict('dep', 'refuted', 0.8, ['dep:c1']), verdict('noise', 'refuted', 0.8, [])] });
    const report = { ...base, summary: `Token ${SECRET} leaked. ${'x'.repeat(5000)}` };

    // Act
    const output = await rememberIncident({ schemaVersion: 1, incident, report }, env);

    // Assess
    expect(output.memoryId).toBe('inv-1');
    const stored = (await memoryStore(memorySettings.load(env), env).get('inv-1')) as MemoryRecord | undefined;
    expect(stored).toMatchObject({ groupKey: incident.groupKey, rootCauseCategory: 'bad_deployment', confirmedHypotheses: ['deploy'], decidingQueries: [{ tool: 'app_insights_query', query: 'AppRequests | summarize count() by AppVersion' }] });
    expect(stored!.summary).toContain('[REDACTED:github-token]');
    expect(stored!.summary).not.toContain(SECRET);
    expect(stored!.summary.length).toBeLessThanOrEqual(1000);
  });

  it('recalls past incidents sharing a key, most recent first, then by title similarity, at most 3, never the current one', () => {
    // Prepare
    const records = [
      record('current', { groupKey: incident.groupKey }),
      record('same-title', { title: incident.title }),
      record('old-group', { groupKey: incident.groupKey, recordedAt: '2026-02-01T00:00:00.000Z' }),
      record('unrelated', {}),
      record('new-service', { service: 'checkout-api', recordedAt: '2026-03-02T00:00:00.000Z' }),
      record('new-group', { groupKey: incident.groupKey, recordedAt: '2026-03-03T00:00:00.000Z' }),
    ];

    // Act
    const similar = similarIncidents(records, incident, 'checkout-api', 'current', 'https://app.example');

    // Assess
    expect(similar.map((s) => [s.memoryId, s.matchedBy])).toEqual([
      ['new-group', ['group key']],
      ['new-service', ['service']],
      ['old-group', ['group key']],
    ]);
    expect(similar[0]!.url).toBe('https://app.example/api/dashboard/investigations/new-group');
  });

  it('measures title similarity as the overlap of word tokens', () => {
    expect(titleSimilarity('HTTP 5xx on orders-api', 'orders-api HTTP 5xx')).toBeCloseTo(4 / 5);
    expect(titleSimilarity('HTTP 5xx on orders-api', 'Disk full on db-1')).toBeCloseTo(1 / 8);
    expect(titleSimilarity('', 'anything')).toBe(0);
  });

  it('puts first the hypotheses of the category the most recent confirmed similar incident had', () => {
    const hypotheses = [
      { id: 'a', rootCauseCategory: 'bad_deployment' },
      { id: 'b', rootCauseCategory: 'slow_dependency' },
    ];
    const seen = similarIncidents(
      [record('undetermined', { groupKey: incident.groupKey, recordedAt: '2026-03-05T00:00:00.000Z' }), record('confirmed', { groupKey: incident.groupKey, rootCauseCategory: 'slow_dependency', confirmedHypotheses: ['x'] })],
      incident,
      null,
      'current',
      '',
    );
    expect(checkFirst(seen, hypotheses)).toEqual(['b']);
    expect(checkFirst([], hypotheses)).toEqual([]);
  });

  it('bounds a key longer than any real one and still recalls the incident by it', () => {
    // Prepare: an alert rule name of 5,000 characters and no resource, group or title in common
    const long = { ...incident, rule: { name: 'r'.repeat(5000), id: null }, resources: [] };
    const report = synthesizeDeterministicReport({ ...context, verdicts: [verdict('deploy', 'supported', 0.9, ['deploy:c1'])] });
    const past = buildMemoryRecord(report, { ...long, groupKey: 'past-group', title: 'zzz' }, new Date('2026-03-01T00:00:00Z'));

    // Act
    const similar = similarIncidents([past], long, null, 'current', '');

    // Assess
    expect(() => memoryRecordSchema.parse(past)).not.toThrow();
    expect(past.alertRule!.length).toBe(1000);
    expect(similar.map((s) => s.matchedBy)).toEqual([['alert rule']]);
  });

  it('recalls nothing and records nothing when memory is off, and goes on with a gap when it cannot be read', async () => {
    // Prepare: no storage configured at all
    const noStorage = { MEMORY_ENABLED: 'false' };
    const target = { status: 'unknown', service: null, gaps: [] } as unknown as ResolvedTarget;
    const input = { investigationId: 'inv-2', incident, target, plan, engine: 'deterministic' as const, baseUrl: '' };
    const report = synthesizeDeterministicReport({ ...context, verdicts: [verdict('deploy', 'supported', 0.9, ['deploy:c1'])] });

    // Act
    const offGaps: string[] = [];
    const off = await recallMemory({ ...input, gaps: offGaps, env: noStorage });
    const unreadableGaps: string[] = [];
    const unreadable = await recallMemory({ ...input, gaps: unreadableGaps, env: { MEMORY_TABLE: `Memory${randomBytes(4).toString('hex')}` } });

    // Assess
    expect(off).toEqual({ memory: { seenBefore: [], checkedFirst: [], facts: [], learning: null }, plan });
    expect(offGaps).toEqual([]);
    expect(await rememberIncident({ schemaVersion: 1, incident, report }, noStorage)).toEqual({ schemaVersion: 1, memoryId: null });
    expect(unreadable.memory.seenBefore).toEqual([]);
    expect(unreadableGaps).toEqual([expect.stringMatching(/^incident memory could not be read \(.*AzureWebJobsStorage.*\): similar past incidents were not looked up$/)]);
  });
});
