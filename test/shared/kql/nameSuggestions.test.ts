import { editDistance, suggestNames } from '../../../shared/kql';

describe('name suggestions', () => {
  it('counts a transposition as one edit and ignores case', () => {
    // Assess
    expect(editDistance('Reqeusts', 'requests')).toBe(1);
    expect(editDistance('abc', 'ABC')).toBe(0);
  });

  it('ranks a case-only difference before other near names and drops distant ones', () => {
    // Act
    const suggestions = suggestNames('resultcode', ['ResultCode', 'ResultCodes', 'Computer']);

    // Assess
    expect(suggestions).toEqual(['ResultCode', 'ResultCodes']);
  });
});
