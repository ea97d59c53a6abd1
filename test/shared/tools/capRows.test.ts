import { capTables } from '../../../shared/tools/capRows';

const table = (name: string, count: number) => ({
  name,
  columns: [{ name: 'At', type: 'datetime' }, { name: 'N', type: 'int' }],
  rows: Array.from({ length: count }, (_, i) => [new Date(Date.UTC(2026, 2, 4, 12, i)), i]),
});

describe('capTables', () => {
  it('returns every row as JSON-safe cells when under both caps', () => {
    // Prepare / Act
    const capped = capTables([table('T', 2)], 10, 10_000);

    // Assess
    expect(capped).toEqual({
      tables: [
        {
          name: 'T',
          columns: [{ name: 'At', type: 'datetime' }, { name: 'N', type: 'int' }],
          rows: [['2026-03-04T12:00:00.000Z', 0], ['2026-03-04T12:01:00.000Z', 1]],
          totalRows: 2,
        },
      ],
      totalRows: 2,
      returnedRows: 2,
    });
  });

  it('counts the row cap across tables', () => {
    // Prepare / Act
    const capped = capTables([table('A', 3), table('B', 3)], 4, 10_000);

    // Assess
    expect(capped.tables.map((t) => t.rows.length)).toEqual([3, 1]);
    expect(capped).toMatchObject({ totalRows: 6, returnedRows: 4, truncated: { reason: 'max_rows', limit: 4 } });
  });

  it('stops before the row that would pass the byte cap', () => {
    // Prepare: each row serialises to 31 bytes plus a separator.
    const capped = capTables([table('T', 10)], 100, 100);

    // Assess
    expect(capped.returnedRows).toBe(3);
    expect(capped.truncated).toEqual({ reason: 'max_bytes', limit: 100 });
  });
});
