import { keyHash, recordIdOf, recordKeysOf, sortableTime } from '../../../shared/ingestion/storageKeys';
import { joinText, splitText } from '../../../shared/ingestion/chunkedText';

describe('Ingestion storage keys', () => {
  it('turns a dedupe key with characters tables refuse into a record id that maps back to its keys', () => {
    // Prepare
    const dedupeKey = 'servicenow:a/b#c?d\\e:7';

    // Act
    const id = recordIdOf('servicenow', dedupeKey);

    // Assess
    expect(id).toMatch(/^servicenow_[0-9a-f]{32}$/);
    expect(recordKeysOf(id)).toEqual({ partitionKey: 'servicenow', rowKey: keyHash(dedupeKey) });
  });

  it('rejects ids it did not issue', () => {
    expect(recordKeysOf('nosuchsource_0123456789abcdef0123456789abcdef')).toBeUndefined();
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
