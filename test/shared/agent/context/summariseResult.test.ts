import { storedRefOf, summariseResult } from '../../../../shared/agent/context/summariseResult';

/** A KQL-shaped result: `rows` requests, status codes cycling through 200/500/404, unique ids. */
function kqlData(rows: number): Record<string, unknown> {
  const codes = ['200', '200', '500', '404'];
  return {
    target: 'appi-shop-prod',
    timespan: 'PT1H',
    tables: [
      {
        name: 'PrimaryResult',
        columns: [
          { name: 'Id', type: 'string' },
          { name: 'ResultCode', type: 'string' },
          { name: 'DurationMs', type: 'real' },
        ],
        rows: Array.from({ length: rows }, (_, i) => [`req-${i}`, codes[i % codes.length], i * 1.5]),
        totalRows: rows,
      },
    ],
    totalRows: rows,
    returnedRows: rows,
  };
}

const ref = { callId: 'toolu_1', path: 'tool-outputs/inv-1/toolu_1.json', bytes: 123456 };

describe('summariseResult', () => {
  it('shows row count, columns with types, the first and last rows and the other fields', () => {
    // Act
    const summary = summariseResult(kqlData(2000), ref) as { tables: Array<Record<string, unknown>>; fields: Record<string, unknown> };

    // Assess
    const [table] = summary.tables;
    expect(table).toMatchObject({ table: 0, name: 'PrimaryResult', rowCount: 2000, tailStartsAtRow: 1997 });
    expect((table!.columns as Array<{ name: string; type: string }>).map((c) => [c.name, c.type])).toEqual([
      ['Id', 'string'],
      ['ResultCode', 'string'],
      ['DurationMs', 'real'],
    ]);
    expect(table!.head).toEqual([
      ['req-0', '200', 0],
      ['req-1', '200', 1.5],
      ['req-2', '500', 3],
    ]);
    expect(table!.tail).toEqual([
      ['req-1997', '200', 2995.5],
      ['req-1998', '500', 2997],
      ['req-1999', '404', 2998.5],
    ]);
    expect(summary.fields).toEqual({ target: 'appi-shop-prod', timespan: 'PT1H', totalRows: 2000, returnedRows: 2000 });
  });

  it('gives distinct counts for every column and value counts only for low-cardinality ones', () => {
    // Act
    const summary = summariseResult(kqlData(2000), ref) as { tables: Array<{ columns: Array<Record<string, unknown>> }> };

    // Assess
    const [id, code, duration] = summary.tables[0]!.columns;
    expect(id).toEqual({ name: 'Id', type: 'string', distinct: 2000 });
    expect(code).toEqual({
      name: 'ResultCode',
      type: 'string',
      distinct: 3,
      values: [
        { value: '200', count: 1000 },
        { value: '404', count: 500 },
        { value: '500', count: 500 },
      ],
    });
    expect(duration).toEqual({ name: 'DurationMs', type: 'real', distinct: 2000 });
  });

  it('says how large the result is and how to read more with read_result, callId, offset and limit', () => {
    // Act
    const summary = summariseResult(kqlData(50), ref);

    // Assess
    expect(summary.storedResult).toEqual(ref);
    expect(storedRefOf(summary)).toEqual(ref);
    expect(summary.note).toContain('123456 bytes, 50 rows in 1 table(s)');
    expect(summary.note).toContain('read_result with {"callId":"toolu_1","table":0,"offset":0,"limit":50}');
  });

  it('stays under its size limit by showing fewer and shorter cells', () => {
    // Prepare: 30 wide columns of long text
    const columns = Array.from({ length: 30 }, (_, i) => ({ name: `Column${i}`, type: 'string' }));
    const rows = Array.from({ length: 100 }, (_, r) => columns.map((_, c) => `${'x'.repeat(500)}-${r}-${c}`));
    const data = { tables: [{ name: 'Wide', columns, rows }] };

    // Act
    const small = summariseResult(data, ref, { maxChars: 12000 });

    // Assess
    expect(JSON.stringify(small).length).toBeLessThanOrEqual(12000);
    const table = (small.tables as Array<{ head: string[][]; rowCount: number }>)[0]!;
    expect(table.rowCount).toBe(100);
    expect(table.head.length).toBeLessThan(3);
    expect(table.head[0]![0]).toMatch(/^x{30,60}…\(\+\d+ chars\)$/);
  });

  it('summarises row objects (Resource Graph) with columns in first-seen order', () => {
    // Prepare
    const data = { totalRecords: 3, rows: [{ name: 'a', type: 'vm' }, { name: 'b', location: 'weu' }, { name: 'c', type: 'vm' }] };

    // Act
    const summary = summariseResult(data, ref) as { tables: Array<{ columns: Array<{ name: string; distinct: number }>; head: unknown[][] }> };

    // Assess
    expect(summary.tables[0]!.columns.map((c) => [c.name, c.distinct])).toEqual([
      ['name', 3],
      ['type', 2],
      ['location', 2],
    ]);
    expect(summary.tables[0]!.head[1]).toEqual(['b', null, 'weu']);
  });

  it('pages a result without rows as JSON text and previews its start', () => {
    // Prepare
    const data = { certificate: { subject: 'CN=shop', chain: 'y'.repeat(10000) } };

    // Act
    const summary = summariseResult(data, ref, { maxChars: 2000 });

    // Assess
    expect(summary.totalChars).toBe(JSON.stringify(data).length);
    expect(String(summary.preview)).toMatch(/^\{"certificate":\{"subject":"CN=shop"/);
    expect(String(summary.note)).toContain('offset and limit count characters');
    expect(JSON.stringify(summary).length).toBeLessThanOrEqual(2000 + 100);
  });

  it('gives the same summary for the same input', () => {
    // Act and Assess
    expect(JSON.stringify(summariseResult(kqlData(300), ref))).toBe(JSON.stringify(summariseResult(kqlData(300), ref)));
  });

  it('does not take a plain object for a stored summary', () => {
    // Act and Assess
    expect(storedRefOf({ tables: [] })).toBeUndefined();
    expect(storedRefOf({ storedResult: { callId: 'x' } })).toBeUndefined();
  });
});
