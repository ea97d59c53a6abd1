/**
 * Functions that yield several columns, such as `extend series_stats(y)` or
 * `extend (RSquare, Slope) = series_fit_line(y)`: the analyser types the call as a tuple, whose
 * column names (`series_stats_y_min`, ...) are the defaults; a rename list replaces the first ones.
 */
import { listToArray, syntaxClassName, type KustoSyntaxNode } from '../../../shared/kql';
import { childOfClass, nodeChildren, separatedItems } from './kqlFrame';
import { compileExpression, type CompileContext, type Evaluate } from './compileExpression';
import { KqlUnsupportedError } from './kqlErrors';
import { callArguments, calleeName } from './scalarFunctions';
import { TUPLE_FUNCTIONS } from './seriesFunctions';
import type { KqlValue } from './kqlValues';

/** One output column of an `extend` / `project` item. */
interface ItemColumn {
  name: string;
  evaluate: Evaluate;
}

/**
 * The columns of an `extend` / `project` item whose value is a multi-column function call, or
 * undefined for an ordinary (single-column) item.
 */
function tupleItemColumns(item: KustoSyntaxNode, context: CompileContext): ItemColumn[] | undefined {
  const compound = syntaxClassName(item) === 'CompoundNamedExpression';
  const parts = nodeChildren(item);
  const expression = compound ? parts[parts.length - 1]! : item;
  const tupleType = expression.ResultType?.Columns;
  if (syntaxClassName(expression) !== 'FunctionCallExpression' || !tupleType) {
    if (compound) throw new KqlUnsupportedError(`tuple assignment '${item.ToString().trim()}'`);
    return undefined;
  }
  const name = calleeName(expression);
  const implementation = Object.prototype.hasOwnProperty.call(TUPLE_FUNCTIONS, name) ? TUPLE_FUNCTIONS[name] : undefined;
  if (!implementation) throw new KqlUnsupportedError(`function ${name}()`);
  const renames = compound ? separatedItems(childOfClass(item, 'RenameList')?.GetChild(1) ?? undefined).map((declaration) => declaration.ToString().trim()) : [];
  const evaluateTuple = implementation(callArguments(expression).map((arg) => compileExpression(arg, context)));
  // Each column reads the same per-row tuple; compute it once per row.
  let lastRow: KqlValue[] | undefined;
  let lastValues: KqlValue[] = [];
  const valuesOf = (row: KqlValue[]): KqlValue[] => {
    if (row !== lastRow) {
      lastValues = evaluateTuple(row);
      lastRow = row;
    }
    return lastValues;
  };
  return listToArray(tupleType).map((column, i) => ({ name: renames[i] ?? column.Name, evaluate: (row) => valuesOf(row)[i] ?? null }));
}

export type { ItemColumn };
export { tupleItemColumns };
