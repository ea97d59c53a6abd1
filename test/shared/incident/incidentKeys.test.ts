import { buildGroupKey, investigationKey, keySegment, type GroupKeyInput } from '../../../shared/incident';

const base: GroupKeyInput = {
  source: 'azure-monitor',
  externalId: '/subscriptions/x/providers/Microsoft.AlertsManagement/alerts/A1',
  title: 'cpu high',
  resources: [],
  rule: { name: 'cpu-high', id: '/subscriptions/x/resourcegroups/rg/providers/microsoft.insights/metricalerts/cpu-high' },
  service: null,
  correlationId: null,
};

describe('group and investigation keys', () => {
  it('builds a readable group key from the chosen fields', () => {
    expect(buildGroupKey(base, ['rule', 'service'])).toBe('azure-monitor|rule=/subscriptions/x/resourcegroups/rg/providers/microsoft.insights/metricalerts/cpu-high|service=');
  });

  it('falls back to the external id when every chosen field is empty', () => {
    expect(buildGroupKey({ ...base, rule: null }, ['rule', 'resource'])).toBe(`azure-monitor|externalId=${base.externalId.toLowerCase()}`);
  });

  it('derives a short Durable-safe instance id that is stable and differs per group', () => {
    // Act
    const first = investigationKey('azure-monitor', 'azure-monitor|rule=a');
    const again = investigationKey('azure-monitor', 'azure-monitor|rule=a');
    const other = investigationKey('azure-monitor', 'azure-monitor|rule=b');
    // Assess
    expect(first).toMatch(/^azure-monitor-[0-9a-f]{32}$/);
    expect(first.length).toBeLessThanOrEqual(100);
    expect(again).toBe(first);
    expect(other).not.toBe(first);
  });

  it('makes key segments safe for table keys', () => {
    expect(keySegment('2026-03-04 09:26:44')).toBe('2026-03-04-09:26:44');
    expect(keySegment('a/b#c?d')).toBe('a-b-c-d');
  });
});
