/**
 * Aggregation functions of `summarize`. Each compiles to a factory of per-group accumulators;
 * an accumulator yields one value per output column (two or more for `percentiles` and `arg_max`).
 */
import { syntaxClassName, type KustoSyntaxNode } from '../../../shared/kql';
import { compileExpression, type CompileContext, type Evaluate } from './compileExpression';
import { KqlUnsupportedError } from './kqlErrors';
import { columnsOfType } from './kqlFrame';
import { callArguments, calleeName } from './scalarFunctions';
import { compareValues, groupKey, type KqlValue } from './kqlValues';

/** Accumulates one group's rows. */
interface Accumulator {
  add(row: KqlValue[]): void;
  result(): KqlValue[];
}

/** A compiled aggregate: how many columns it yields and how to start a group. */
interface CompiledAggregate {
  width: number;
  create: () => Accumulator;
}

/**
 * Nearest-rank percentile, the method Kusto's percentile() documents: the value at rank
 * ceil(p/100 * n) of the sorted values (the smallest value for p = 0).
 */
function nearestRank(sorted: number[], percent: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((percent / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(rank, 1)) - 1]!;
}

/** Compiles one aggregate call (a `FunctionCallExpression` inside `summarize`). */
function compileAggregate(node: KustoSyntaxNode, context: CompileContext): CompiledAggregate {
  if (syntaxClassName(node) !== 'FunctionCallExpression') {
    throw new KqlUnsupportedError(`summarize expression '${node.ToString().trim()}' (only aggregate function calls are supported)`);
  }
  const name = calleeName(node);
  const argNodes = callArguments(node);
  const arg = (i: number): Evaluate => compileExpression(argNodes[i]!, context).evaluate;
  const constantArg = (i: number): KqlValue => compileExpression(argNodes[i]!, context).evaluate([]);

  switch (name) {
    case 'count':
      return single(() => { let n = 0; return { add: () => { n++; }, result: () => [n] }; });
    case 'countif': {
      const predicate = arg(0);
      return single(() => { let n = 0; return { add: (row) => { if (predicate(row) === true) n++; }, result: () => [n] }; });
    }
    case 'dcount': {
      const value = arg(0);
      return single(() => {
        const seen = new Set<string>();
        return { add: (row) => { const v = value(row); if (v !== null) seen.add(groupKey([v])); }, result: () => [seen.size] };
      });
    }
    case 'sum': {
      const value = arg(0);
      return single(() => {
        let total = 0;
        return { add: (row) => { const v = value(row); if (typeof v === 'number') total += v; }, result: () => [total] };
      });
    }
    case 'avg': {
      const value = arg(0);
      return single(() => {
        let total = 0;
        let n = 0;
        return { add: (row) => { const v = value(row); if (typeof v === 'number') { total += v; n++; } }, result: () => [n === 0 ? null : total / n] };
      });
    }
    case 'min':
    case 'max':
    case 'minif':
    case 'maxif': {
      const value = arg(0);
      // minif(expr, predicate) / maxif(expr, predicate): only rows where the predicate holds count.
      const predicate = name.endsWith('if') ? arg(1) : () => true;
      const sign = name.startsWith('min') ? -1 : 1;
      return single(() => {
        let best: KqlValue = null;
        return {
          add: (row) => { if (predicate(row) !== true) return; const v = value(row); if (v !== null && (best === null || compareValues(v, best) * sign > 0)) best = v; },
          result: () => [best],
        };
      });
    }
    case 'percentile':
    case 'percentiles': {
      const value = arg(0);
      const percents = argNodes.slice(1).map((_, i) => Number(constantArg(i + 1)));
      return {
        width: percents.length,
        create: () => {
          const values: number[] = [];
          return {
            add: (row) => { const v = value(row); if (typeof v === 'number') values.push(v); },
            result: () => { values.sort((a, b) => a - b); return percents.map((p) => nearestRank(values, p)); },
          };
        },
      };
    }
    case 'make_list':
    case 'make_set': {
      const value = arg(0);
      const limit = argNodes[1] ? Number(constantArg(1)) : 1_048_576;
      const unique = name === 'make_set';
      return single(() => {
        const items: KqlValue[] = [];
        const seen = new Set<string>();
        return {
          add: (row) => {
            const v = value(row);
            if (v === null || items.length >= limit) return;
            if (unique) { const key = groupKey([v]); if (seen.has(key)) return; seen.add(key); }
            items.push(v);
          },
          result: () => [items],
        };
      });
    }
    case 'arg_max':
    case 'arg_min':
      return compileArgExtreme(node, name === 'arg_max' ? 1 : -1, argNodes, context);
    default:
      throw new KqlUnsupportedError(`aggregate function ${name}()`);
  }
}

function single(create: () => Accumulator): CompiledAggregate {
  return { width: 1, create };
}

// arg_max(ExprToMaximize, Col1, Col2, ...) or (..., *): the row with the extreme value; the
// analyser's tuple type names the returned columns (for `*`, every input column except the by-keys).
function compileArgExtreme(node: KustoSyntaxNode, sign: number, argNodes: KustoSyntaxNode[], context: CompileContext): CompiledAggregate {
  const key = compileExpression(argNodes[0]!, context).evaluate;
  const outputs: Evaluate[] = [key];
  const star = argNodes.slice(1).some((arg) => syntaxClassName(arg) === 'StarExpression');
  if (star) {
    for (const column of columnsOfType(node.ResultType, node).slice(1)) {
      const index = context.columns.get(column.name);
      if (index === undefined) throw new KqlUnsupportedError(`arg_max/arg_min column '${column.name}'`);
      outputs.push((row) => row[index] ?? null);
    }
  } else {
    for (const arg of argNodes.slice(1)) outputs.push(compileExpression(arg, context).evaluate);
  }
  return {
    width: outputs.length,
    create: () => {
      let bestKey: KqlValue = null;
      let bestRow: KqlValue[] | null = null;
      return {
        add: (row) => {
          const v = key(row);
          if (v === null) return;
          if (bestRow === null || compareValues(v, bestKey) * sign > 0) { bestKey = v; bestRow = row; }
        },
        result: () => {
          const row = bestRow;
          return outputs.map((output) => (row ? output(row) : null));
        },
      };
    },
  };
}

export type { Accumulator, CompiledAggregate };
export { compileAggregate, nearestRank };
