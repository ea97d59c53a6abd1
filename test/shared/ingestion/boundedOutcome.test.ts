import { IncidentSchema, type Incident } from '../../../shared/incident';
import { boundOutcome, INCIDENT_LIMITS, TRUNCATED_KEY } from '../../../shared/ingestion';
import { TRUNCATION_MARKER } from '../../../shared/ingestion/boundedText';

const RESOURCE = (i: number): { id: string; subscriptionId: string; resourceGroup: string; provider: string; type: string; name: string } => ({
  id: `/subscriptions/5f1c9a3e-7b2d-4e8a-9c61-0d4f2b7a8e13/resourcegroups/rg/providers/microsoft.compute/virtualmachines/vm-${i}`,
  subscriptionId: '5f1c9a3e-7b2d-4e8a-9c61-0d4f2b7a8e13',
  resourceGroup: 'rg',
  provider: 'microsoft.compute',
  type: 'microsoft.compute/virtualmachines',
  name: `vm-${i}`,
});

/** An alert whose every field is far over its limit, as a hostile or broken sender may send it. */
function hugeAlert(groupSuffix: string): Incident {
  return IncidentSchema.parse({
    schemaVersion: 1,
    source: 'azure-monitor',
    externalId: `x${'i'.repeat(100_000)}`,
    externalIds: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`id${i}`, 'v'.repeat(5000)])),
    title: 't'.repeat(100_000),
    description: 'd'.repeat(300_000),
    severity: 'Sev1',
    sourceSeverity: 's'.repeat(5000),
    status: 'firing',
    firedAt: '2026-03-04T09:00:00.000Z',
    resolvedAt: null,
    resources: Array.from({ length: 3000 }, (_, i) => RESOURCE(i)),
    rule: { name: 'r'.repeat(40_000), id: null },
    service: null,
    correlationId: null,
    signal: { type: 'Platform', details: { alertTargetIDs: Array.from({ length: 3000 }, (_, i) => RESOURCE(i).id), blob: 'b'.repeat(200_000), many: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i])) } },
    links: [],
    customProperties: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`p${i}`, 'c'.repeat(10_000)])),
    dedupeKey: `dedupe-${'k'.repeat(50_000)}`,
    groupKey: `azure-monitor|rule=${'r'.repeat(40_000)}${groupSuffix}`,
    investigationKey: 'azure-monitor-0123456789abcdef0123456789abcdef',
    rawPayloadRef: 'azure-monitor/2026/03/04/seg-000000001.ndjson#0',
  });
}

function incidentOf(outcome: ReturnType<typeof boundOutcome>): Incident {
  if (outcome.kind !== 'incident') throw new Error('expected an incident');
  return outcome.incident;
}

describe('boundOutcome', () => {
  it('bounds every field of a huge alert, marks what it cut and keeps the raw reference', () => {
    // Act
    const bounded = incidentOf(boundOutcome({ kind: 'incident', deliveryId: 'd'.repeat(100_000), incident: hugeAlert('') }));

    // Assess
    expect(() => IncidentSchema.parse(bounded)).not.toThrow();
    expect(JSON.stringify(bounded).length).toBeLessThan(256 * 1024);
    expect(bounded.title).toHaveLength(INCIDENT_LIMITS.titleChars);
    expect(bounded.title.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(bounded.description.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(bounded.resources).toHaveLength(INCIDENT_LIMITS.resources);
    expect(bounded.dedupeKey.length).toBeLessThanOrEqual(INCIDENT_LIMITS.keyChars);
    expect(bounded.dedupeKey).toMatch(/~truncated~[0-9a-f]{32}$/);
    expect(bounded.signal.details[TRUNCATED_KEY]).toEqual(expect.arrayContaining(['title', 'description', 'dedupeKey', 'groupKey', 'rule.name']));
    expect(bounded.rawPayloadRef).toBe('azure-monitor/2026/03/04/seg-000000001.ndjson#0');
    expect(bounded.investigationKey).toBe('azure-monitor-0123456789abcdef0123456789abcdef');
  });

  it('bounds keys the same way every time and keeps different keys apart', () => {
    // Act
    const once = incidentOf(boundOutcome({ kind: 'incident', deliveryId: 'x', incident: hugeAlert('-a') }));
    const again = incidentOf(boundOutcome({ kind: 'incident', deliveryId: 'x', incident: hugeAlert('-a') }));
    const other = incidentOf(boundOutcome({ kind: 'incident', deliveryId: 'x', incident: hugeAlert('-b') }));

    // Assess
    expect(again).toEqual(once);
    expect(other.groupKey).not.toBe(once.groupKey);
  });

  it('leaves an alert within the limits untouched', () => {
    // Prepare
    const small = { ...hugeAlert(''), externalId: 'a', externalIds: {}, title: 't', description: 'd', sourceSeverity: null, resources: [RESOURCE(1)], rule: { name: 'r', id: null }, signal: { type: 'Platform', details: { a: 1 } }, customProperties: { team: 'x' }, dedupeKey: 'k', groupKey: 'g' };

    // Act
    const outcome = boundOutcome({ kind: 'incident', deliveryId: 'k', incident: small });

    // Assess
    expect(incidentOf(outcome)).toBe(small);
  });
});
