import type { Learning } from '../../../shared/memory/learning';
import type { MemoryFact } from '../../../shared/memory/memoryFact';
import { reliedOn } from '../../../shared/memory/reliedOn';
import type { RecalledMemory, SeenBefore } from '../../../shared/memory/seenBefore';
import { renderReportMarkdown } from '../../../shared/report/renderReportMarkdown';
import { synthesizeDeterministicReport } from '../../../shared/report/synthesizeDeterministicReport';
import { context, verdict } from '../report/reportFixtures';

const past = (memoryId: string, change: Partial<SeenBefore> = {}): SeenBefore => ({
  memoryId,
  investigationId: memoryId,
  url: `https://app/api/dashboard/investigations/${memoryId}`,
  firedAt: '2026-03-01T00:00:00.000Z',
  title: 'HTTP 5xx on orders-api',
  matchedBy: ['group key'],
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
});

const fact: MemoryFact = { schemaVersion: 1, id: 'fact-1', kind: 'fact', service: 'orders-api', text: 'Orders v2.5 needs ORDERS_V2 off.', addedBy: 'entra:alice@contoso.com', addedAt: '2026-03-02T00:00:00.000Z' };
const learning: Learning = {
  schemaVersion: 1,
  id: 'learning-abc',
  kind: 'learning',
  service: 'orders-api',
  text: '# Learnings: orders-api\n\n- Release broke orders [inv-0].',
  writtenBy: 'model',
  model: 'claude-x',
  updatedAt: '2026-03-03T00:00:00.000Z',
  sources: [{ investigationId: 'inv-0', at: '2026-03-03T00:00:00.000Z', writtenBy: 'model' }],
  gateRejections: [],
};

describe('what the responder relied on', () => {
  const memory: RecalledMemory = {
    seenBefore: [past('inv-undetermined'), past('inv-confirmed', { rootCause: 'Release 2.5 broke orders.', rootCauseCategory: 'bad_deployment', confirmedHypotheses: ['deploy'] })],
    checkedFirst: ['deploy'],
    facts: [fact],
    learning,
  };

  it('cites every memory used and how: ordering the checks without a model, untrusted context with one', () => {
    // Act
    const deterministic = reliedOn(memory, 'deterministic');
    const model = reliedOn(memory, 'model');

    // Assess
    expect(deterministic.map((m) => [m.kind, m.memoryId, m.use])).toEqual([
      ['incident', 'inv-undetermined', 'recalled as seen before; it did not change the checks'],
      ['incident', 'inv-confirmed', 'its confirmed cause (bad_deployment) put deploy first'],
      ['fact', 'fact-1', 'shown in this report only (the deterministic checks do not read it)'],
      ['learning', 'learning-abc', 'shown in this report only (the deterministic checks do not read it)'],
    ]);
    expect(new Set(model.map((m) => m.use))).toEqual(new Set(['given to the subagents as untrusted context to verify']));
    expect(model.find((m) => m.kind === 'learning')!.from).toBe('written by the model claude-x on 2026-03-03T00:00:00.000Z, from investigations inv-0');
    expect(model.find((m) => m.kind === 'fact')!.from).toBe('added by entra:alice@contoso.com on 2026-03-02T00:00:00.000Z');
    expect(reliedOn(undefined, 'model')).toEqual([]);
  });

  it('renders the section in the Markdown report, one line per memory with its id', () => {
    // Prepare
    const report = { ...synthesizeDeterministicReport({ ...context, verdicts: [verdict('deploy', 'supported', 0.9, ['deploy:c1'])] }), reliedOn: reliedOn(memory, 'deterministic') };

    // Act
    const markdown = renderReportMarkdown(report);
    const bare = renderReportMarkdown({ ...report, reliedOn: undefined });

    // Assess
    const section = markdown.slice(markdown.indexOf('## What the responder relied on')).split('\n\n')[1]!.split('\n');
    expect(section).toEqual([
      '- past incident `inv-undetermined`: HTTP 5xx on orders-api: cause undetermined. Used: recalled as seen before; it did not change the checks. From: investigation inv-undetermined (fired 2026-03-01T00:00:00.000Z, matched by group key).',
      '- past incident `inv-confirmed`: HTTP 5xx on orders-api: Release 2.5 broke orders. Used: its confirmed cause (bad_deployment) put deploy first. From: investigation inv-confirmed (fired 2026-03-01T00:00:00.000Z, matched by group key).',
      '- remembered fact `fact-1`: Orders v2.5 needs ORDERS_V2 off. Used: shown in this report only (the deterministic checks do not read it). From: added by entra:alice@contoso.com on 2026-03-02T00:00:00.000Z.',
      '- learning `learning-abc`: learning of service orders-api (56 characters). Used: shown in this report only (the deterministic checks do not read it). From: written by the model claude-x on 2026-03-03T00:00:00.000Z, from investigations inv-0.',
    ]);
    expect(bare).not.toContain('## What the responder relied on');
  });
});
