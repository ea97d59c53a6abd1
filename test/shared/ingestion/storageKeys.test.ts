import { indexPartitionOf, keyHash, recordIdOf, recordKeysOf, sortableTime } from '../../../shared/ingestion/storageKeys';
import { joinText, splitText } from '../../../shared/ingestion/chunkedText';

describe('Ingestion storage keys', () => {
  it('turns a dedupe key with characters tables refuse into a record id that maps back to its keys', () => {
    // Prepare
    const dedupeKey = 'servicenow:a/b#c?d\\e:7';
    const investigationKey = 'servicenow-5d1c0e2a';

    // Act
    const id = recordIdOf('servicenow', investigationKey, dedupeKey);

    // Assess
    expect(id).toMatch(/^servicenow_[0-9a-f]_[0-9a-f]{32}$/);
    expect(recordKeysOf(id)).toEqual({ partitionKey: indexPartitionOf('servicenow', investigationKey), rowKey: keyHash(dedupeKey) });
  });

  it('spreads groups over 16 partitions per source and keeps one group in one', () => {
    // Act
    const partitions = new Set(Array.from({ length: 400 }, (_, i) => indexPartitionOf('azure-monitor', `azure-monitor-${i}`)));

    // Assess
    expect(partitions.size).toBe(16);
    expect([...partitions].every((p) => /^azure-monitor~[0-9a-f]$/.test(p))).toBe(true);
    expect(indexPartitionOf('pagerduty', 'pagerduty-1')).toBe(indexPartitionOf('pagerduty', 'pagerduty-1'));
  });

  it('rejects ids it did not issue', () => {
    expect(recordKeysOf('nosuchsource_a_0123456789abcdef0123456789abcdef')).toBeUndefined();
    expect(recordKeysOf('azure-monitor_0123456789abcdef0123456789abcdef')).toBeUndefined();
    expect(recordKeysOf("azure-monitor_' or 1 eq 1")).toBeUndefined();
  });

  it('sorts times as strings in time order', () => {
    const earlier = sortableTime(new Date('2026-01-01T00:00:00Z'));
    const later = sortableTime(new Date('2026-01-01T00:00:01Z'));
    expect(earlier < later).toBe(true);
  });

  it('splits text longer than a table property holds and joins it back unchanged', () => {
    // Prepare
    const text = 'é'.repeat(70_001);

    // Act
    const entity = splitText('input', text);

    // Assess
    expect(entity.inputParts).toBe(3);
    expect(joinText('input', entity)).toBe(text);
    expect(joinText('input', splitText('input', undefined))).toBeUndefined();
  });
});
