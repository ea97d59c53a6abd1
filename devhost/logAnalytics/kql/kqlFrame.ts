/**
 * Working state of one query: intermediate tables (frames) with internal values, the `let`
 * bindings in scope, and small helpers to read the official parser's syntax tree.
 */
import {
  childrenOf,
  listToArray,
  syntaxClassName,
  type KustoScalarType,
  type KustoSyntaxNode,
  type KustoTypeSymbol,
} from '../../../shared/kql';
import { KqlEvaluationError, KqlUnsupportedError } from './kqlErrors';
import type { KqlColumn } from './kqlTable';
import type { KqlValue } from './kqlValues';

/** An intermediate table: typed columns and rows of internal values. */
interface KqlFrame {
  columns: KqlColumn[];
  rows: KqlValue[][];
}

/** What `let` bound, plus the per-query constants. */
interface KqlScope {
  readonly now: number;
  readonly scalars: Map<string, { value: KqlValue; type: KustoScalarType }>;
  readonly tables: Map<string, KqlFrame>;
  /** Names of the source tables (for `union` wildcards). */
  readonly sourceNames: ReadonlyArray<string>;
  /** Reads a source table by name. */
  readonly source: (name: string) => KqlFrame;
}

const SCALAR_TYPES = new Set<string>(['string', 'int', 'long', 'real', 'bool', 'datetime', 'timespan', 'dynamic', 'guid', 'decimal']);

/** The static scalar type the analyser gave an expression. */
function scalarTypeOf(node: KustoSyntaxNode): KustoScalarType {
  const name = node.ResultType?.Name ?? '';
  if (SCALAR_TYPES.has(name)) return name as KustoScalarType;
  throw new KqlEvaluationError('SemanticError', `cannot determine the type of '${node.ToString().trim()}' (analyser says '${name}')`);
}

/**
 * The columns of a tabular type (table or tuple) as the analyser computed them. The analyser lists
 * a column twice after `parse` into a name the input already has; Kusto overwrites that column, so
 * it appears once, where it first was, with the later (parsed) type.
 */
function columnsOfType(type: KustoTypeSymbol | null, where: KustoSyntaxNode): KqlColumn[] {
  if (!type?.Columns) {
    throw new KqlEvaluationError('SemanticError', `'${where.ToString().trim()}' has no tabular result type`);
  }
  const columns = listToArray(type.Columns).map((column) => {
    const typeName = column.Type.Name;
    if (!SCALAR_TYPES.has(typeName)) throw new KqlUnsupportedError(`column type '${typeName}' (column '${column.Name}')`);
    return { name: column.Name, type: typeName as KustoScalarType };
  });
  const byName = new Map(columns.map((column) => [column.name, column]));
  return [...byName.keys()].map((name) => byName.get(name)!);
}

/** Non-token children. */
function nodeChildren(node: KustoSyntaxNode): KustoSyntaxNode[] {
  return childrenOf(node).filter((child) => !child.IsToken);
}

/** The first child with the given class name. */
function childOfClass(node: KustoSyntaxNode, className: string): KustoSyntaxNode | undefined {
  return childrenOf(node).find((child) => syntaxClassName(child) === className);
}

/** Elements of a `SyntaxList` of `SeparatedElement`s (e.g. an argument list or `by` list). */
function separatedItems(list: KustoSyntaxNode | undefined): KustoSyntaxNode[] {
  if (!list) return [];
  return childrenOf(list)
    .map((element) => (syntaxClassName(element) === 'SeparatedElement' ? element.GetChild(0) : element))
    .filter((item): item is KustoSyntaxNode => item !== null && !item.IsToken);
}

/** The separated list that is a direct child of `node` (the first one that has elements). */
function firstSeparatedList(node: KustoSyntaxNode): KustoSyntaxNode[] {
  for (const child of childrenOf(node)) {
    if (syntaxClassName(child) !== 'SyntaxList') continue;
    const items = separatedItems(child);
    if (items.length > 0 && childrenOf(child).some((element) => syntaxClassName(element) === 'SeparatedElement')) return items;
  }
  return [];
}

/** Text of the keyword tokens of a node, lowercased, e.g. `kind`, `=`, `leftouter`. */
function tokenTexts(node: KustoSyntaxNode): string[] {
  return childrenOf(node).filter((child) => child.IsToken).map((token) => (token.Text ?? '').toLowerCase());
}

/** Named parameters such as `kind=leftouter` or `with_itemindex=i`, lowercased names. */
function namedParameters(node: KustoSyntaxNode): Map<string, string> {
  const result = new Map<string, string>();
  for (const child of childrenOf(node)) {
    if (syntaxClassName(child) !== 'SyntaxList') continue;
    for (const item of childrenOf(child)) {
      if (syntaxClassName(item) !== 'NamedParameter') continue;
      const parts = childrenOf(item);
      const name = parts[0]?.ToString().trim().toLowerCase() ?? '';
      const value = parts[parts.length - 1]?.ToString().trim() ?? '';
      result.set(name, value);
    }
  }
  return result;
}

/** Index of each column name in a frame. */
function columnIndex(columns: ReadonlyArray<KqlColumn>): Map<string, number> {
  const map = new Map<string, number>();
  columns.forEach((column, index) => map.set(column.name, index));
  return map;
}

export type { KqlFrame, KqlScope };
export {
  scalarTypeOf,
  columnsOfType,
  nodeChildren,
  childOfClass,
  separatedItems,
  firstSeparatedList,
  tokenTexts,
  namedParameters,
  columnIndex,
};
