/**
 * `top-nested [N] of Expr [by Aggregate [asc|desc]], top-nested ...`: a hierarchy of top values.
 * Each level groups its input rows by `Expr`, aggregates each group, keeps the N groups with the
 * largest aggregate (all of them without N; smallest first with `asc`), and runs the next level
 * on each kept group's rows. One output row per path through the levels, holding each level's
 * value and aggregate, in the analyser's column order. `with others` is not supported.
 */
import { syntaxClassName, type KustoSyntaxNode } from '../../../shared/kql';
import { compileAggregate } from './aggregates';
import { compileExpression, type CompileContext, type Evaluate } from './compileExpression';
import { KqlUnsupportedError } from './kqlErrors';
import { childOfClass, columnsOfType, firstSeparatedList, nodeChildren, type KqlFrame } from './kqlFrame';
import { compareValues, groupKey, type KqlValue } from './kqlValues';

interface Level {
  limit: number | undefined;
  value: Evaluate;
  aggregate: ReturnType<typeof compileAggregate>;
  descending: boolean;
}

// The expression of `x = e` or `e`.
function expressionOf(node: KustoSyntaxNode): KustoSyntaxNode {
  return syntaxClassName(node) === 'SimpleNamedExpression' ? nodeChildren(node).at(-1)! : node;
}

function compileLevel(clause: KustoSyntaxNode, context: CompileContext): Level {
  if (childOfClass(clause, 'TopNestedWithOthersClause')) throw new KqlUnsupportedError('top-nested with others');
  const parts = nodeChildren(clause).filter((child) => !child.IsToken);
  // With N the parts are [N, of-expression, by-expression]; without it, the last two.
  const hasLimit = parts.length === 3;
  const [limitNode, ofNode, byNode] = hasLimit ? parts : [undefined, ...parts];
  if (!ofNode || !byNode) throw new KqlUnsupportedError(`top-nested clause '${clause.ToString().trim()}'`);
  const ordered = syntaxClassName(byNode) === 'OrderedExpression';
  const aggregateNode = expressionOf(ordered ? nodeChildren(byNode)[0]! : byNode);
  const ordering = ordered ? (childOfClass(byNode, 'OrderingClause')?.ToString().trim() ?? '') : '';
  return {
    limit: limitNode ? Number(compileExpression(limitNode, context).evaluate([])) : undefined,
    value: compileExpression(expressionOf(ofNode), context).evaluate,
    aggregate: compileAggregate(expressionOf(aggregateNode), context),
    descending: !/\basc\b/.test(ordering),
  };
}

function topNested(input: KqlFrame, node: KustoSyntaxNode, contextFor: (frame: KqlFrame) => CompileContext): KqlFrame {
  const columns = columnsOfType(node.ResultType, node);
  const context = contextFor(input);
  const levels = firstSeparatedList(node).map((clause) => compileLevel(clause, context));
  if (columns.length !== 2 * levels.length || levels.some((level) => level.aggregate.width !== 1)) {
    throw new KqlUnsupportedError(`top-nested shape '${node.ToString().trim()}'`);
  }
  const expand = (rows: KqlValue[][], depth: number): KqlValue[][] => {
    const level = levels[depth];
    if (!level) return [[]];
    const groups = new Map<string, { value: KqlValue; rows: KqlValue[][] }>();
    for (const row of rows) {
      const value = level.value(row);
      const key = groupKey([value]);
      const group = groups.get(key) ?? { value, rows: [] };
      group.rows.push(row);
      groups.set(key, group);
    }
    const ranked = [...groups.values()].map((group) => {
      const accumulator = level.aggregate.create();
      group.rows.forEach((row) => accumulator.add(row));
      return { ...group, aggregate: accumulator.result()[0] ?? null };
    });
    ranked.sort((a, b) => compareValues(a.aggregate, b.aggregate) * (level.descending ? -1 : 1));
    const kept = level.limit === undefined ? ranked : ranked.slice(0, level.limit);
    return kept.flatMap((group) => expand(group.rows, depth + 1).map((rest) => [group.value, group.aggregate, ...rest]));
  };
  return { columns, rows: expand(input.rows, 0) };
}

export { topNested };
