import { validateKql, type KqlSchema } from '../../../shared/kql';

const schema: KqlSchema = {
  tables: {
    AppRequests: { TimeGenerated: 'datetime', ResultCode: 'string', DurationMs: 'real', OperationName: 'string' },
    AppExceptions: { TimeGenerated: 'datetime', ProblemId: 'string', OperationName: 'string' },
    Heartbeat: { TimeGenerated: 'datetime', Computer: 'string' },
  },
};

describe('validateKql', () => {
  it('accepts a valid query and lists the tables it reads', () => {
    // Act
    const result = validateKql('AppRequests | where ResultCode == "500" | summarize count() by bin(TimeGenerated, 5m)', schema);

    // Assess
    expect(result).toEqual({ ok: true, tablesReferenced: ['AppRequests'] });
  });

  it('finds tables inside let, union and join', () => {
    // Act
    const result = validateKql(
      'let ex = AppExceptions | take 10; union (AppRequests | project OperationName), (ex | project OperationName) | join kind=leftouter (Heartbeat | project OperationName = Computer) on OperationName',
      schema,
    );

    // Assess
    expect(result).toEqual({ ok: true, tablesReferenced: ['AppExceptions', 'AppRequests', 'Heartbeat'] });
  });

  it('expands union wildcards to the matching tables', () => {
    // Act
    const result = validateKql('union App* | count', schema);

    // Assess
    expect(result).toEqual({ ok: true, tablesReferenced: ['AppExceptions', 'AppRequests'] });
  });

  it('suggests the nearest table for an unknown table name', () => {
    // Act
    const result = validateKql('AppRequest | take 5', schema);

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics[0]).toMatchObject({ line: 1, column: 1, severity: 'error', suggestions: ['AppRequests'] });
    expect(result.diagnostics[0]!.message).toContain("The name 'AppRequest' does not refer to any known table");
    expect(result.diagnostics[0]!.message).toContain("Did you mean 'AppRequests'?");
  });

  it('suggests a column whose name differs only in case, at the right line and column', () => {
    // Act
    const result = validateKql('AppRequests\n| where TimeGenerated > ago(1h)\n| where resultcode == "500"', schema);

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ line: 3, column: 9, suggestions: ['ResultCode'] });
  });

  it('reports a syntax error with its position and no suggestions', () => {
    // Act
    const result = validateKql('AppRequests | where', schema);

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics[0]).toMatchObject({ line: 1, suggestions: [] });
  });

  it('refuses a valid query that reads a table outside the allowed ones', () => {
    // Act
    const result = validateKql('AppRequests\n| join (Heartbeat) on TimeGenerated', schema, { allowedTables: ['AppRequests'] });

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ line: 2, column: 9 });
    expect(result.diagnostics[0]!.message).toContain("The table 'Heartbeat' is outside the tables this query may read");
  });

  it('accepts a query that stays within the allowed tables', () => {
    // Act
    const result = validateKql('AppRequests | take 1', schema, { allowedTables: ['AppRequests', 'AppExceptions'] });

    // Assess
    expect(result).toEqual({ ok: true, tablesReferenced: ['AppRequests'] });
  });
});
