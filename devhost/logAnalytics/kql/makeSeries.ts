/**
 * `make-series` and `range`, the operators that build series.
 *
 * make-series (documented semantics): the axis runs from `from` (default: the bin of the smallest
 * axis value) in `step`s while below `to` (exclusive; default: the end of the bin of the largest
 * axis value). Rows outside [from, to) are dropped; the others group by the `by` expressions and by
 * `bin_at(axis, step, from)`; each aggregate becomes one array with `default` (0 unless given) where
 * a bin has no rows. Output: the `by` columns, one array per aggregate, then the axis array.
 */
import type { KustoScalarType, KustoSyntaxNode } from '../../../shared/kql';
import { compileAggregate, type Accumulator, type CompiledAggregate } from './aggregates';
import { compileExpression, type Evaluate } from './compileExpression';
import { toDynamicElement } from './dynamicConversion';
import { KqlEvaluationError, KqlUnsupportedError } from './kqlErrors';
import { childOfClass, columnsOfType, firstSeparatedList, namedParameters, nodeChildren, scalarTypeOf, type KqlFrame } from './kqlFrame';
import { groupKey, type KqlValue } from './kqlValues';
import { binValue } from './scalarFunctions';
import { MAX_SERIES_LENGTH } from './seriesFunctions';
import { namedOrPlain, type ContextFor } from './tabularOperators';

const MAX_RANGE_ROWS = 10_000_000;

interface SeriesAggregate {
  aggregate: CompiledAggregate;
  type: KustoScalarType;
  fallback: KqlValue;
}

function constantOf(node: KustoSyntaxNode | undefined, contextFor: ContextFor, input: KqlFrame): KqlValue {
  if (!node) return null;
  return compileExpression(node, contextFor(input)).evaluate([]);
}

function clauseValue(parent: KustoSyntaxNode | undefined, className: string): KustoSyntaxNode | undefined {
  const clause = parent ? childOfClass(parent, className) : undefined;
  return clause ? nodeChildren(clause)[0] : undefined;
}

function makeSeries(input: KqlFrame, node: KustoSyntaxNode, contextFor: ContextFor): KqlFrame {
  if (childOfClass(node, 'MakeSeriesInRangeClause')) throw new KqlUnsupportedError('make-series ... in range() (use from/to/step)');
  const columns = columnsOfType(node.ResultType, node);
  const context = contextFor(input);
  const nonEmpty = (namedParameters(node).get('kind') ?? '').toLowerCase() === 'nonempty';

  const aggregates: SeriesAggregate[] = firstSeparatedList(node).map((item) => {
    const [valueNode] = nodeChildren(item);
    const expression = namedOrPlain(valueNode!).expression;
    const defaultNode = clauseValue(item, 'DefaultExpressionClause');
    const aggregate = compileAggregate(expression, context);
    if (aggregate.width !== 1) throw new KqlUnsupportedError(`make-series aggregate '${expression.ToString().trim()}' (several columns)`);
    return { aggregate, type: scalarTypeOf(expression), fallback: defaultNode ? constantOf(defaultNode, contextFor, input) : 0 };
  });
  const axisNode = clauseValue(node, 'MakeSeriesOnClause')!;
  const axis = compileExpression(axisNode, context).evaluate;
  const axisType = scalarTypeOf(axisNode);
  const range = childOfClass(node, 'MakeSeriesFromToStepClause');
  const fromValue = constantOf(clauseValue(range, 'MakeSeriesFromClause'), contextFor, input);
  const toValue = constantOf(clauseValue(range, 'MakeSeriesToClause'), contextFor, input);
  const step = constantOf(clauseValue(range, 'MakeSeriesStepClause'), contextFor, input);
  if (typeof step !== 'number' || step <= 0) throw new KqlEvaluationError('EvaluationError', 'make-series step must be a positive value');
  const byClause = childOfClass(node, 'MakeSeriesByClause');
  const keys: Evaluate[] = byClause ? firstSeparatedList(byClause).map((item) => compileExpression(namedOrPlain(item).expression, context).evaluate) : [];

  const points = input.rows.map((row) => ({ row, at: axis(row) })).filter((point): point is { row: KqlValue[]; at: number } => typeof point.at === 'number');
  const start = typeof fromValue === 'number' ? fromValue : points.length ? binValue(Math.min(...points.map((p) => p.at)), step, axisType) : null;
  // Without `to`, the series ends after the bin (on the axis' own grid, from `start`) of the largest value.
  const end = typeof toValue === 'number' ? toValue : start !== null && points.length ? start + (Math.floor((Math.max(...points.map((p) => p.at)) - start) / step) + 1) * step : null;
  const length = start === null || end === null ? 0 : Math.max(0, Math.ceil((end - start) / step));
  if (length > MAX_SERIES_LENGTH) throw new KqlEvaluationError('EvaluationError', `make-series would build ${length} values per series (the limit is ${MAX_SERIES_LENGTH})`);

  const groups = new Map<string, { key: KqlValue[]; bins: Map<number, Accumulator[]> }>();
  for (const { row, at } of points) {
    const index = Math.floor((at - start!) / step);
    if (index < 0 || index >= length) continue;
    const key = keys.map((evaluate) => evaluate(row));
    const id = groupKey(key);
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { key, bins: new Map() }));
    let accumulators = group.bins.get(index);
    if (!accumulators) group.bins.set(index, (accumulators = aggregates.map((entry) => entry.aggregate.create())));
    for (const accumulator of accumulators) accumulator.add(row);
  }
  // kind=nonempty: an empty input still yields one row of defaults (possible only without `by`).
  if (groups.size === 0 && nonEmpty && keys.length === 0) groups.set('', { key: [], bins: new Map() });

  const axisValues = Array.from({ length }, (_, i) => toDynamicElement(start! + i * step, axisType));
  const rows = [...groups.values()].map((group) => [
    ...group.key,
    ...aggregates.map((entry, a) =>
      Array.from({ length }, (_, i) => {
        const accumulators = group.bins.get(i);
        return accumulators ? toDynamicElement(accumulators[a]!.result()[0] ?? null, entry.type) : entry.fallback;
      }),
    ),
    axisValues,
  ]);
  return { columns, rows };
}

/** `range x from a to b step s`: one column of a, a+s, ... while not past b (inclusive). */
function rangeOperator(node: KustoSyntaxNode, contextFor: ContextFor): KqlFrame {
  const columns = columnsOfType(node.ResultType, node);
  const empty: KqlFrame = { columns: [], rows: [[]] };
  const [, fromNode, toNode, stepNode] = nodeChildren(node);
  const [from, to, step] = [fromNode, toNode, stepNode].map((part) => constantOf(part, contextFor, empty));
  if (typeof from !== 'number' || typeof to !== 'number' || typeof step !== 'number' || step === 0) {
    throw new KqlEvaluationError('EvaluationError', `range needs numeric, datetime or timespan bounds and a non-zero step ('${node.ToString().trim()}')`);
  }
  const count = Math.floor((to - from) / step) + 1;
  // An in-memory emulator: refuse a runaway range rather than exhaust the process.
  if (count > MAX_RANGE_ROWS) throw new KqlEvaluationError('EvaluationError', `range would produce ${count} rows (the emulator stops at ${MAX_RANGE_ROWS})`);
  const rows: KqlValue[][] = [];
  for (let i = 0; i < count; i++) rows.push([from + i * step]);
  return { columns, rows };
}

export { makeSeries, rangeOperator };
