import { severityFromAzure, severityFromPagerDuty, severityFromServiceNow } from '../../../shared/incident';

describe('severity mapping', () => {
  it('reads Azure severities and rejects others', () => {
    expect(severityFromAzure('Sev2')).toBe('Sev2');
    expect(severityFromAzure(null)).toBeUndefined();
    expect(severityFromAzure('Sev9')).toBeUndefined();
  });

  it('maps PagerDuty priorities P1..P5 to Sev0..Sev4 and falls back to urgency', () => {
    expect(['P1', 'P2', 'P3', 'P4', 'P5'].map((p) => severityFromPagerDuty(p, 'low'))).toEqual(['Sev0', 'Sev1', 'Sev2', 'Sev3', 'Sev4']);
    expect(severityFromPagerDuty(null, 'high')).toBe('Sev1');
    expect(severityFromPagerDuty('Custom-Gold', 'low')).toBe('Sev3');
  });

  it('maps ServiceNow priority, or impact and urgency through the lookup matrix', () => {
    expect(severityFromServiceNow('1')).toBe('Sev0');
    expect(severityFromServiceNow('5')).toBe('Sev4');
    expect(severityFromServiceNow('', '2', '1')).toBe('Sev1');
    expect(severityFromServiceNow(undefined, '3', '3')).toBe('Sev4');
    expect(severityFromServiceNow(undefined, undefined, undefined)).toBe('Sev3');
  });
});
