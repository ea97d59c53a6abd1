/**
 * `find [withsource=C] [in (T1, T2, W*)] where Predicate [project c1, c2 | project-smart]`: the
 * rows matching the predicate across tables (every table of the workspace without `in`), with a
 * column naming each row's source table (`source_` unless `withsource` names it). A table that
 * lacks a column the predicate reads is not searched. Output columns come from the analyser;
 * each is taken from the table by name (null where the table lacks it), and `pack_` (what
 * `project-smart` leaves over) holds the row's other non-empty columns as a property bag.
 */
import { symbolClassName, syntaxClassName, visitSyntax, type KustoSyntaxNode } from '../../../shared/kql';
import { compileExpression, type CompileContext } from './compileExpression';
import { KqlUnsupportedError } from './kqlErrors';
import { childOfClass, columnIndex, columnsOfType, firstSeparatedList, namedParameters, nodeChildren, type KqlFrame, type KqlScope } from './kqlFrame';
import type { KqlValue } from './kqlValues';

/** Turns a `T*` pattern into a regex over table names. */
type WildcardPattern = (text: string) => RegExp;

interface FindDependencies {
  scope: KqlScope;
  contextFor: (frame: KqlFrame) => CompileContext;
  wildcardPattern: WildcardPattern;
}

// The tables `find` searches: the `in (...)` list (names and wildcards) or every table.
function searchedTables(node: KustoSyntaxNode, { scope, wildcardPattern }: FindDependencies): string[] {
  const inClause = childOfClass(node, 'FindInClause');
  if (!inClause) return [...scope.sourceNames];
  const names: string[] = [];
  for (const item of firstSeparatedList(inClause)) {
    const text = item.ToString().trim();
    const wildcard = item.GetChild(0);
    if (wildcard && syntaxClassName(wildcard) === 'WildcardedName') {
      const pattern = wildcardPattern(text);
      names.push(...scope.sourceNames.filter((name) => pattern.test(name)));
    } else if (syntaxClassName(item) === 'NameReference' && item.ReferencedSymbol && symbolClassName(item.ReferencedSymbol) === 'TableSymbol') {
      names.push(item.ReferencedSymbol.Name);
    } else {
      throw new KqlUnsupportedError(`find in (${text}) (only tables and wildcards)`);
    }
  }
  return names;
}

// The column names the predicate reads.
function predicateColumns(predicate: KustoSyntaxNode): Set<string> {
  const names = new Set<string>();
  visitSyntax(predicate, (node) => {
    if (node.IsToken || syntaxClassName(node) !== 'NameReference') return;
    const symbol = node.ReferencedSymbol;
    if (symbol && symbolClassName(symbol) === 'ColumnSymbol') names.add(symbol.Name);
  });
  return names;
}

function find(node: KustoSyntaxNode, dependencies: FindDependencies): KqlFrame {
  // The predicate is the one child that is neither a keyword nor a clause.
  const predicate = nodeChildren(node).find((child) => !child.IsToken && !['SyntaxList', 'FindInClause', 'FindProjectClause'].includes(syntaxClassName(child)));
  if (!predicate) throw new KqlUnsupportedError(`find without a predicate ('${node.ToString().trim().slice(0, 40)}')`);
  const columns = columnsOfType(node.ResultType, node);
  const sourceColumn = namedParameters(node).get('withsource') ?? 'source_';
  const needed = predicateColumns(predicate);
  const rows: KqlValue[][] = [];
  for (const name of searchedTables(node, dependencies)) {
    const frame = dependencies.scope.source(name);
    const index = columnIndex(frame.columns);
    if ([...needed].some((column) => !index.has(column))) continue;
    const matches = compileExpression(predicate, dependencies.contextFor(frame)).evaluate;
    const named = new Set(columns.map((column) => column.name));
    const values = columns.map((column): ((row: KqlValue[]) => KqlValue) => {
      if (column.name === sourceColumn) return () => name;
      if (column.name === 'pack_' && column.type === 'dynamic' && !index.has('pack_')) {
        const rest = frame.columns.map((c, i) => ({ name: c.name, i })).filter((c) => !named.has(c.name));
        return (row) => Object.fromEntries(rest.filter((c) => row[c.i] !== null && row[c.i] !== '').map((c) => [c.name, row[c.i]!]));
      }
      const at = index.get(column.name);
      return at === undefined ? () => null : (row) => row[at] ?? null;
    });
    for (const row of frame.rows) if (matches(row) === true) rows.push(values.map((value) => value(row)));
  }
  return { columns, rows };
}

export { find };
