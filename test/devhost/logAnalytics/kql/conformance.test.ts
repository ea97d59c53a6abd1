import { executeKql, KqlEvaluationError, KqlUnsupportedError, type KqlTable } from '../../../../devhost/logAnalytics/kql';
import { cases as coreCases, errors, NOW, requests, unsupportedCases } from './conformanceCases';
import { parseCases } from './parseConformanceCases';
import { searchCases } from './searchConformanceCases';
import { seriesCases } from './seriesConformanceCases';
import { corpusCases } from './corpusConformanceCases';

const cases = [...coreCases, ...seriesCases, ...searchCases, ...parseCases, ...corpusCases];

const database = { tables: new Map<string, KqlTable>([['Requests', requests], ['Errors', errors]]) };

// Group order of summarize/distinct/join is unspecified in Kusto, so unordered cases compare as multisets.
function canonical(rows: unknown[][], ordered: boolean): string[] {
  const encoded = rows.map((row) => JSON.stringify(row));
  return ordered ? encoded : encoded.sort();
}

describe('KQL conformance of the local evaluator', () => {
  it('has at least 80 hand-written cases', () => {
    // Assess
    expect(cases.length).toBeGreaterThanOrEqual(80);
  });

  it.each(cases.map((testCase) => [testCase.query, testCase] as const))('evaluates %s as documented', (_query, testCase) => {
    // Act
    const result = executeKql(testCase.query, database, { now: NOW });

    // Assess
    const table = result.tables[0]!;
    if (testCase.columns) expect(table.columns.map((column) => `${column.name}:${column.type}`)).toEqual(testCase.columns);
    expect(canonical(table.rows, testCase.ordered ?? false)).toEqual(canonical(testCase.rows, testCase.ordered ?? false));
  });

  it.each(unsupportedCases.map((testCase) => [testCase.query, testCase.names] as const))(
    'refuses %s naming the unsupported construct',
    (query, names) => {
      // Act
      const act = (): unknown => executeKql(query, database, { now: NOW });

      // Assess
      expect(act).toThrow(KqlUnsupportedError);
      expect(act).toThrow(names);
    },
  );

  it('rejects a query the analyser finds wrong with its diagnostic', () => {
    // Act
    const act = (): unknown => executeKql('Requests | where Nme == "x"', database, { now: NOW });

    // Assess
    expect(act).toThrow(KqlEvaluationError);
    expect(act).toThrow("The name 'Nme' does not refer to any known column");
  });

  it('applies maxRows and the timespan window', () => {
    // Act
    const limited = executeKql('Requests', database, { now: NOW, maxRows: 2 });
    const windowed = executeKql('Requests | count', database, {
      now: NOW,
      timespan: { start: new Date('2024-05-01T11:55:00Z'), end: NOW },
    });

    // Assess
    expect(limited.tables[0]!.rows).toHaveLength(2);
    expect(windowed.tables[0]!.rows).toEqual([[2]]);
  });
});
