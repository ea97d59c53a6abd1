/**
 * Row-set operators of KQL (`where`, `project`, `extend`, `summarize`, `sort`, `top`, `take`,
 * `distinct`, `count`, `mv-expand`, `union`; `parse` is in parseOperator.ts). Output column names
 * and types come from the official analyser, so default names (`count_`, `avg_X`, `Column1`, ...)
 * follow Kusto exactly.
 */
import { syntaxClassName, type KustoSyntaxNode } from '../../../shared/kql';
import { compileAggregate } from './aggregates';
import { compileExpression, type CompileContext, type Evaluate } from './compileExpression';
import { KqlEvaluationError, KqlUnsupportedError } from './kqlErrors';
import {
  childOfClass,
  columnIndex,
  columnsOfType,
  firstSeparatedList,
  namedParameters,
  nodeChildren,
  type KqlFrame,
} from './kqlFrame';
import { compareValues, groupKey, type KqlValue } from './kqlValues';
import { fromDynamicElement } from './dynamicConversion';
import { tupleItemColumns } from './tupleExpressions';

/** Builds the compile context of an operator over `input`. */
type ContextFor = (input: KqlFrame) => CompileContext;

function where(input: KqlFrame, node: KustoSyntaxNode, contextFor: ContextFor): KqlFrame {
  const children = nodeChildren(node);
  const condition = compileExpression(children[children.length - 1]!, contextFor(input)).evaluate;
  return { columns: input.columns, rows: input.rows.filter((row) => condition(row) === true) };
}

function namedOrPlain(node: KustoSyntaxNode): { name?: string; expression: KustoSyntaxNode } {
  if (syntaxClassName(node) === 'SimpleNamedExpression') {
    const parts = nodeChildren(node);
    return { name: parts[0]!.ToString().trim(), expression: parts[parts.length - 1]! };
  }
  if (syntaxClassName(node) === 'CompoundNamedExpression') throw new KqlUnsupportedError(`tuple assignment '${node.ToString().trim()}'`);
  return { expression: node };
}

function project(input: KqlFrame, node: KustoSyntaxNode, contextFor: ContextFor): KqlFrame {
  const columns = columnsOfType(node.ResultType, node);
  const context = contextFor(input);
  const evaluators = firstSeparatedList(node).flatMap(
    (item) => tupleItemColumns(item, context)?.map((column) => column.evaluate) ?? [compileExpression(namedOrPlain(item).expression, context).evaluate],
  );
  if (evaluators.length !== columns.length) throw new KqlUnsupportedError(`project with wildcards ('${node.ToString().trim()}')`);
  return { columns, rows: input.rows.map((row) => evaluators.map((evaluate) => evaluate(row))) };
}

// project-away / project-keep / project-reorder keep input columns by name in the analyser's order.
function projectByName(input: KqlFrame, node: KustoSyntaxNode, renames: Map<string, string> = new Map()): KqlFrame {
  const columns = columnsOfType(node.ResultType, node);
  const index = columnIndex(input.columns);
  const sources = columns.map((column) => {
    const source = index.get(renames.get(column.name) ?? column.name);
    if (source === undefined) throw new KqlEvaluationError('SemanticError', `column '${column.name}' is not in the input`);
    return source;
  });
  return { columns, rows: input.rows.map((row) => sources.map((source) => row[source] ?? null)) };
}

function projectRename(input: KqlFrame, node: KustoSyntaxNode): KqlFrame {
  const renames = new Map<string, string>();
  for (const item of firstSeparatedList(node)) {
    const { name, expression } = namedOrPlain(item);
    if (name) renames.set(name, expression.ToString().trim());
  }
  return projectByName(input, node, renames);
}

function extend(input: KqlFrame, node: KustoSyntaxNode, contextFor: ContextFor): KqlFrame {
  const columns = columnsOfType(node.ResultType, node);
  const inputNames = new Set(input.columns.map((column) => column.name));
  const context = contextFor(input);
  const assigned = new Map<string, Evaluate>();
  const items = firstSeparatedList(node).flatMap((item) => {
    const tuple = tupleItemColumns(item, context);
    tuple?.forEach((column) => assigned.set(column.name, column.evaluate));
    return tuple ? [] : [namedOrPlain(item)];
  });
  const explicit = new Set([...items.filter((item) => item.name).map((item) => item.name!), ...assigned.keys()]);
  // Unnamed expressions take the analyser's generated names (Column1, D_a, ...), in order.
  const generated = columns.map((column) => column.name).filter((name) => !inputNames.has(name) && !explicit.has(name));
  for (const item of items) {
    const name = item.name ?? (syntaxClassName(item.expression) === 'NameReference' && inputNames.has(item.expression.ToString().trim())
      ? item.expression.ToString().trim()
      : generated.shift());
    if (!name) throw new KqlUnsupportedError(`extend expression '${item.expression.ToString().trim()}'`);
    assigned.set(name, compileExpression(item.expression, context).evaluate);
  }
  const index = columnIndex(input.columns);
  const sources: Evaluate[] = columns.map((column) => {
    const evaluate = assigned.get(column.name);
    if (evaluate) return evaluate;
    const at = index.get(column.name);
    if (at === undefined) throw new KqlEvaluationError('SemanticError', `extend produced no value for '${column.name}'`);
    return (row) => row[at] ?? null;
  });
  return { columns, rows: input.rows.map((row) => sources.map((source) => source(row))) };
}

function summarize(input: KqlFrame, node: KustoSyntaxNode, contextFor: ContextFor): KqlFrame {
  const columns = columnsOfType(node.ResultType, node);
  const context = contextFor(input);
  const aggregates = firstSeparatedList(node).map((item) => compileAggregate(namedOrPlain(item).expression, context));
  const byClause = childOfClass(node, 'SummarizeByClause');
  const keys = byClause ? firstSeparatedList(byClause).map((item) => compileExpression(namedOrPlain(item).expression, context).evaluate) : [];
  const width = keys.length + aggregates.reduce((sum, aggregate) => sum + aggregate.width, 0);
  if (width !== columns.length) throw new KqlUnsupportedError(`summarize shape '${node.ToString().trim()}'`);

  const groups = new Map<unknown, { key: KqlValue[]; accumulators: ReturnType<(typeof aggregates)[number]['create']>[] }>();
  const single = keys.length === 1 ? keys[0]! : undefined;
  for (const row of input.rows) {
    let keyValues: KqlValue[];
    let mapKey: unknown;
    if (single) {
      const v = single(row);
      keyValues = [v];
      mapKey = v !== null && typeof v === 'object' ? groupKey([v]) : v;
    } else {
      keyValues = keys.map((key) => key(row));
      mapKey = groupKey(keyValues);
    }
    let group = groups.get(mapKey);
    if (!group) {
      group = { key: keyValues, accumulators: aggregates.map((aggregate) => aggregate.create()) };
      groups.set(mapKey, group);
    }
    for (const accumulator of group.accumulators) accumulator.add(row);
  }
  // Without `by`, summarize returns one row even for empty input (count() = 0).
  if (keys.length === 0 && groups.size === 0) groups.set('', { key: [], accumulators: aggregates.map((aggregate) => aggregate.create()) });
  const rows: KqlValue[][] = [];
  for (const group of groups.values()) {
    rows.push([...group.key, ...group.accumulators.flatMap((accumulator) => accumulator.result())]);
  }
  return { columns, rows };
}

interface SortKey {
  evaluate: Evaluate;
  descending: boolean;
  nullsFirst: boolean;
}

function sortKeys(items: KustoSyntaxNode[], context: CompileContext): SortKey[] {
  return items.map((item) => {
    const expressionNode = syntaxClassName(item) === 'OrderedExpression' ? nodeChildren(item)[0]! : item;
    const ordering = syntaxClassName(item) === 'OrderedExpression' ? childOfClass(item, 'OrderingClause') : undefined;
    const text = ordering?.ToString().toLowerCase() ?? '';
    // Kusto defaults: descending; nulls first when ascending, nulls last when descending.
    const descending = !/asc/.test(text);
    const nullsFirst = /nullsfirst|nulls first/.test(text) ? true : /nullslast|nulls last/.test(text) ? false : !descending;
    return { evaluate: compileExpression(expressionNode, context).evaluate, descending, nullsFirst };
  });
}

function sortRows(rows: KqlValue[][], keys: SortKey[]): KqlValue[][] {
  const decorated = rows.map((row, position) => ({ row, position, values: keys.map((key) => key.evaluate(row)) }));
  decorated.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const x = a.values[i] ?? null;
      const y = b.values[i] ?? null;
      if (x === null || y === null) {
        if (x === y) continue;
        return (x === null) === key.nullsFirst ? -1 : 1;
      }
      const order = compareValues(x, y);
      if (order !== 0) return key.descending ? -order : order;
    }
    return a.position - b.position;
  });
  return decorated.map((entry) => entry.row);
}

function sort(input: KqlFrame, node: KustoSyntaxNode, contextFor: ContextFor): KqlFrame {
  return { columns: input.columns, rows: sortRows(input.rows, sortKeys(firstSeparatedList(node), contextFor(input))) };
}

function top(input: KqlFrame, node: KustoSyntaxNode, contextFor: ContextFor): KqlFrame {
  const children = nodeChildren(node).filter((child) => syntaxClassName(child) !== 'SyntaxList');
  const context = contextFor(input);
  const count = Number(compileExpression(children[0]!, context).evaluate([]));
  const sorted = sortRows(input.rows, sortKeys([children[1]!], context));
  return { columns: input.columns, rows: sorted.slice(0, Math.max(0, count)) };
}

function take(input: KqlFrame, node: KustoSyntaxNode, contextFor: ContextFor): KqlFrame {
  const children = nodeChildren(node);
  const count = Number(compileExpression(children[children.length - 1]!, contextFor(input)).evaluate([]));
  return { columns: input.columns, rows: input.rows.slice(0, Math.max(0, count)) };
}

function distinct(input: KqlFrame, node: KustoSyntaxNode, contextFor: ContextFor): KqlFrame {
  const columns = columnsOfType(node.ResultType, node);
  const items = firstSeparatedList(node);
  const context = contextFor(input);
  const evaluators: Evaluate[] = items.some((item) => syntaxClassName(item) === 'StarExpression')
    ? input.columns.map((_, i) => (row: KqlValue[]) => row[i] ?? null)
    : items.map((item) => compileExpression(namedOrPlain(item).expression, context).evaluate);
  const seen = new Set<string>();
  const rows: KqlValue[][] = [];
  for (const row of input.rows) {
    const values = evaluators.map((evaluate) => evaluate(row));
    const key = groupKey(values);
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push(values);
  }
  return { columns, rows };
}

function count(input: KqlFrame, node: KustoSyntaxNode): KqlFrame {
  return { columns: columnsOfType(node.ResultType, node), rows: [[input.rows.length]] };
}

// mv-expand: one row per element, several columns expanded in parallel (missing values null);
// a null value gives one row, an empty array or bag gives none; bags expand to {key: value}.
function mvExpand(input: KqlFrame, node: KustoSyntaxNode, contextFor: ContextFor): KqlFrame {
  const parameters = namedParameters(node);
  if ((parameters.get('kind') ?? 'bag') !== 'bag' || parameters.has('bagexpansion')) throw new KqlUnsupportedError('mv-expand kind=array');
  const columns = columnsOfType(node.ResultType, node);
  const context = contextFor(input);
  const expressions = firstSeparatedList(node).map((item) => {
    const inner = syntaxClassName(item) === 'MvExpandExpression' ? nodeChildren(item)[0]! : item;
    const { name, expression } = namedOrPlain(inner);
    return { name: name ?? expression.ToString().trim(), evaluate: compileExpression(expression, context).evaluate };
  });
  const limitClause = childOfClass(node, 'MvExpandRowLimitClause');
  const limit = limitClause ? Number(compileExpression(nodeChildren(limitClause)[0]!, context).evaluate([])) : Infinity;
  const indexName = parameters.get('with_itemindex');
  const outputIndex = columnIndex(columns);
  const inputIndex = columnIndex(input.columns);
  const carry = columns.map((column) => inputIndex.get(column.name));
  // An unnamed path such as `D.x` gets a name generated by the analyser: the new output columns, in order.
  const generated = columns.map((column) => column.name).filter((name) => !inputIndex.has(name) && name !== indexName);
  const targets = expressions.map((expression) => outputIndex.get(expression.name) ?? outputIndex.get(generated.shift() ?? ''));
  if (targets.some((target) => target === undefined)) throw new KqlUnsupportedError(`mv-expand '${node.ToString().trim()}'`);
  const rows: KqlValue[][] = [];
  for (const row of input.rows) {
    const lists = expressions.map((expression) => elementsOf(expression.evaluate(row)));
    const length = Math.min(limit, Math.max(...lists.map((list) => list.length)));
    for (let i = 0; i < length; i++) {
      const out = carry.map((at) => (at === undefined ? null : (row[at] ?? null)));
      lists.forEach((list, j) => { out[targets[j]!] = fromDynamicElement(list[i] ?? null, columns[targets[j]!]!.type); });
      if (indexName) out[outputIndex.get(indexName)!] = i;
      rows.push(out);
    }
  }
  return { columns, rows };
}

function elementsOf(value: KqlValue): KqlValue[] {
  if (value === null) return [null];
  if (Array.isArray(value)) return value;
  if (typeof value === 'object') return Object.entries(value).map(([key, item]) => ({ [key]: item }));
  return [value];
}

/** One input of `union`, and the source table it reads when it is one. */
interface UnionLeg {
  frame: KqlFrame;
  source: string | undefined;
}

// union: columns matched by name into the analyser's (outer) schema; missing columns are null.
// withsource=C adds column C holding each row's source table name.
function union(inputs: UnionLeg[], node: KustoSyntaxNode): KqlFrame {
  const parameters = namedParameters(node);
  if (parameters.get('kind') === 'inner') throw new KqlUnsupportedError('union kind=inner');
  const withSource = parameters.get('withsource');
  if (withSource !== undefined && inputs.some((input) => input.source === undefined)) {
    throw new KqlUnsupportedError('union withsource over a leg that is not a table of this workspace');
  }
  const columns = columnsOfType(node.ResultType, node);
  const rows: KqlValue[][] = [];
  for (const { frame, source } of inputs) {
    const index = columnIndex(frame.columns);
    const sources: Array<(row: KqlValue[]) => KqlValue> = columns.map((column) => {
      if (column.name === withSource) return () => source ?? null;
      const at = index.get(column.name);
      return at === undefined ? () => null : (row) => row[at] ?? null;
    });
    for (const row of frame.rows) rows.push(sources.map((value) => value(row)));
  }
  return { columns, rows };
}

export type { ContextFor, UnionLeg };
export { namedOrPlain, where, project, projectByName, projectRename, extend, summarize, sort, top, take, distinct, count, mvExpand, union };
