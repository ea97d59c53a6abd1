/**
 * Window functions over a serialized row set (after `serialize`, `sort` or `top`):
 * `prev(expr[, offset[, default]])`, `next(expr[, offset[, default]])` and
 * `row_number([start])`. They read the operator's input rows by position, which the compile
 * context provides (`rows`); a row outside the set gives the default (null, or "" for a string,
 * without one).
 */
import type { CompileContext, CompiledExpression, Evaluate } from './compileExpression';
import { KqlUnsupportedError } from './kqlErrors';
import type { KqlValue } from './kqlValues';

type Implementation = (args: CompiledExpression[], resultType: string, context: CompileContext) => Evaluate;

// Each input row's position, found by identity (operators pass the input row objects through).
function positions(context: CompileContext, name: string): (row: KqlValue[]) => number {
  const rows = context.rows;
  if (!rows) throw new KqlUnsupportedError(`function ${name}() outside an operator over rows`);
  let index: Map<KqlValue[], number> | undefined;
  return (row) => {
    index ??= new Map(rows.map((r, i) => [r, i]));
    return index.get(row) ?? -1;
  };
}

function neighbour(direction: -1 | 1, name: string): Implementation {
  return (args, resultType, context) => {
    const at = positions(context, name);
    // Kusto strings are never null: a missing string neighbour is "".
    const missing: KqlValue = resultType === 'string' ? '' : null;
    const rows = context.rows!;
    const [value, offsetArg, defaultArg] = args;
    return (row) => {
      const offset = offsetArg ? Number(offsetArg.evaluate(row) ?? 1) : 1;
      const target = rows[at(row) + direction * offset];
      return target ? value!.evaluate(target) : defaultArg ? defaultArg.evaluate(row) : missing;
    };
  };
}

const WINDOW_FUNCTIONS: Readonly<Record<string, Implementation>> = {
  prev: neighbour(-1, 'prev'),
  next: neighbour(1, 'next'),
  row_number: (args, _type, context) => {
    const at = positions(context, 'row_number');
    const start = args[0];
    return (row) => at(row) + Number(start ? (start.evaluate(row) ?? 1) : 1);
  },
};

export { WINDOW_FUNCTIONS };
