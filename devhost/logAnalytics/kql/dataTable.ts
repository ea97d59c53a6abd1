/**
 * `datatable(a:long, b:string) [1, "x", 2, "y"]`: an inline table, its values listed row by row.
 */
import type { KustoSyntaxNode } from '../../../shared/kql';
import { compileExpression, type CompileContext } from './compileExpression';
import { KqlEvaluationError } from './kqlErrors';
import { childOfClass, columnsOfType, nodeChildren, separatedItems, type KqlFrame } from './kqlFrame';
import type { KqlValue } from './kqlValues';

function dataTable(node: KustoSyntaxNode, contextFor: (input: KqlFrame) => CompileContext): KqlFrame {
  const columns = columnsOfType(node.ResultType, node);
  const schema = childOfClass(node, 'RowSchema')!;
  // The value list is the syntax list after the row schema.
  const valueList = nodeChildren(node).slice(nodeChildren(node).indexOf(schema) + 1)[0];
  const context = contextFor({ columns: [], rows: [[]] });
  const values = separatedItems(valueList).map((item) => compileExpression(item, context).evaluate([]));
  if (columns.length === 0 || values.length % columns.length !== 0) {
    throw new KqlEvaluationError('SemanticError', `datatable has ${values.length} values for ${columns.length} columns`);
  }
  const rows: KqlValue[][] = [];
  for (let at = 0; at < values.length; at += columns.length) rows.push(values.slice(at, at + columns.length));
  return { columns, rows };
}

export { dataTable };
