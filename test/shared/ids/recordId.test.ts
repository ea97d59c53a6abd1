import { ValidationError } from '../../../shared/errors';
import { isRecordId, recordIdInUrl, requireRecordId } from '../../../shared/ids';

describe('record ids', () => {
  it.each(['azure-monitor-0123456789abcdef0123456789abcdef', 'manual-6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f', 'inv-1:alpha', 'azure-monitor_3_abc', 'apr-0123', 'a.b', 'x'.repeat(200)])('takes %s', (id) => {
    expect(isRecordId(id)).toBe(true);
  });

  it.each(['', '..', 'a..b', '.a', '-a', 'a/b', 'a\\b', 'a%2Fb', '%', 'a b', 'a\nb', 'a?b', 'a#b', "a'b", 'ü', 'x'.repeat(201)])('refuses %j', (id) => {
    expect(isRecordId(id)).toBe(false);
  });

  it('names the field in the 400 it throws, and encodes the ids it takes for a URL', () => {
    // Act
    const thrown = ((): unknown => {
      try {
        return requireRecordId('planId', '../../etc/passwd');
      } catch (error) {
        return error;
      }
    })();

    // Assess
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).toProblem()).toMatchObject({ status: 400, errors: [{ path: 'planId' }] });
    expect(() => requireRecordId('id', undefined)).toThrow(ValidationError);
    expect(recordIdInUrl('instanceId', 'inv-1:alpha')).toBe('inv-1%3Aalpha');
  });
});
