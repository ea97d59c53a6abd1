/**
 * Aggregation functions of `summarize`. Each compiles to a factory of per-group accumulators;
 * an accumulator yields one value per output column (two or more for `percentiles` and `arg_max`).
 */
import { syntaxClassName, type KustoSyntaxNode } from '../../../shared/kql';
import { compileExpression, type CompileContext, type Evaluate } from './compileExpression';
import { KqlUnsupportedError } from './kqlErrors';
import { columnsOfType } from './kqlFrame';
import { AGGREGATE_NAMES, callArguments, calleeName } from './scalarFunctions';
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

/**
 * `<aggregate>if(expr, predicate, ...)`: the aggregate of the rows where the predicate is true.
 * The predicate is always the second argument; the others are the plain aggregate's.
 */
const CONDITIONAL_AGGREGATES: Readonly<Record<string, string>> = {
  sumif: 'sum',
  avgif: 'avg',
  minif: 'min',
  maxif: 'max',
  dcountif: 'dcount',
  make_list_if: 'make_list',
  make_set_if: 'make_set',
  stdevif: 'stdev',
  varianceif: 'variance',
};

/** Sample (n − 1) or population (n) variance of the numbers seen, Kusto's variance() / variancep(). */
function varianceAccumulator(population: boolean, value: Evaluate, root: boolean): () => Accumulator {
  return () => {
    let n = 0;
    let mean = 0;
    let m2 = 0; // Welford's running sum of squared deviations
    return {
      add: (row) => {
        const v = value(row);
        if (typeof v !== 'number') return;
        n++;
        const delta = v - mean;
        mean += delta / n;
        m2 += delta * (v - mean);
      },
      result: () => {
        const divisor = population ? n : n - 1;
        if (divisor <= 0) return [n === 0 ? null : 0];
        return [root ? Math.sqrt(m2 / divisor) : m2 / divisor];
      },
    };
  };
}

function isAggregateCall(node: KustoSyntaxNode): boolean {
  return syntaxClassName(node) === 'FunctionCallExpression' && AGGREGATE_NAMES.has(calleeName(node));
}

/** The aggregate calls inside an expression, outermost first (an aggregate's own arguments are not searched). */
function aggregateCallsIn(node: KustoSyntaxNode, found: KustoSyntaxNode[] = []): KustoSyntaxNode[] {
  if (isAggregateCall(node)) {
    found.push(node);
    return found;
  }
  for (let i = 0; i < node.ChildCount; i++) {
    const child = node.GetChild(i);
    if (child && !child.IsToken) aggregateCallsIn(child, found);
  }
  return found;
}

/**
 * Compiles one `summarize` expression: an aggregate call, or an expression over aggregate calls
 * (`100.0 * countif(Failed) / count()`, `round(avg(D), 2)`), whose aggregates accumulate as usual
 * and whose expression is evaluated over their results once per group.
 */
function compileAggregate(node: KustoSyntaxNode, context: CompileContext): CompiledAggregate {
  if (isAggregateCall(node)) return compileNamedAggregate(calleeName(node), callArguments(node), node, context);
  const calls = aggregateCallsIn(node);
  if (calls.length === 0) throw new KqlUnsupportedError(`summarize expression '${node.ToString().trim()}' (it has no aggregate function)`);
  const parts = calls.map((call) => compileNamedAggregate(calleeName(call), callArguments(call), call, context));
  if (parts.some((part) => part.width !== 1)) throw new KqlUnsupportedError(`summarize expression '${node.ToString().trim()}' (a multi-column aggregate inside an expression)`);
  const slots = new Map(calls.map((call, index) => [call.TextStart, index]));
  const outer = compileExpression(node, { ...context, aggregateSlots: slots }).evaluate;
  return single(() => {
    const accumulators = parts.map((part) => part.create());
    return {
      add: (row) => accumulators.forEach((accumulator) => accumulator.add(row)),
      result: () => [outer(accumulators.map((accumulator) => accumulator.result()[0] ?? null))],
    };
  });
}

// Deprecated names Kusto still accepts.
const AGGREGATE_ALIASES: Readonly<Record<string, string>> = { makelist: 'make_list', makeset: 'make_set' };

function compileNamedAggregate(alias: string, argNodes: KustoSyntaxNode[], node: KustoSyntaxNode, context: CompileContext): CompiledAggregate {
  const name = AGGREGATE_ALIASES[alias] ?? alias;
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
    case 'max': {
      const value = arg(0);
      const sign = name === 'min' ? -1 : 1;
      return single(() => {
        let best: KqlValue = null;
        return {
          add: (row) => { const v = value(row); if (v !== null && (best === null || compareValues(v, best) * sign > 0)) best = v; },
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
    // make_bag(bag): the property bags merged; for a key seen twice, the first value is kept.
    case 'make_bag': {
      const value = arg(0);
      return single(() => {
        const bag: { [key: string]: KqlValue } = {};
        return {
          add: (row) => {
            const v = value(row);
            if (v === null || typeof v !== 'object' || Array.isArray(v)) return;
            for (const [key, item] of Object.entries(v)) if (!(key in bag)) bag[key] = item;
          },
          result: () => [bag],
        };
      });
    }
    case 'arg_max':
    case 'arg_min':
      return compileArgExtreme(node, name === 'arg_max' ? 1 : -1, argNodes, context);
    // take_any (any is its deprecated name): an arbitrary value; here, deterministically, the
    // first non-null one seen (for several arguments, each column independently).
    case 'take_any':
    case 'any': {
      const values = argNodes.map((_, i) => arg(i));
      return {
        width: values.length,
        create: () => {
          const found: KqlValue[] = values.map(() => null);
          return { add: (row) => values.forEach((value, i) => { if (found[i] === null) found[i] = value(row); }), result: () => found };
        },
      };
    }
    case 'stdev':
    case 'stdevp':
      return single(varianceAccumulator(name === 'stdevp', arg(0), true));
    case 'variance':
    case 'variancep':
      return single(varianceAccumulator(name === 'variancep', arg(0), false));
    default: {
      const base = CONDITIONAL_AGGREGATES[name];
      if (!base || argNodes.length < 2) throw new KqlUnsupportedError(`aggregate function ${name}()`);
      const predicate = arg(1);
      const inner = compileNamedAggregate(base, [argNodes[0]!, ...argNodes.slice(2)], node, context);
      return {
        width: inner.width,
        create: () => {
          const accumulator = inner.create();
          return { add: (row) => { if (predicate(row) === true) accumulator.add(row); }, result: () => accumulator.result() };
        },
      };
    }
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
