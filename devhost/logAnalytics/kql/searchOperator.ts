/**
 * The `search` operator, with the documented predicate forms:
 * - a bare string term tests every column: `"err"` is `* has "err"`, `"err*"` hasprefix, `"*err"`
 *   hassuffix, `"*err*"` contains, `"Lab*PC"` the regex `\bLab.*PC\b`;
 * - `Column:"term"` tests one column the same way; `search *` keeps every row;
 * - anything else (`Column == "x"`, `and`, `or`, comparisons) is an ordinary predicate;
 * - `kind=case_sensitive` makes the terms and the string operators case-sensitive.
 * Sources: the piped input, `in (T1, T2, A*)`, or every table. The output starts with `$table`
 * (the source's name), then the union of the sources' columns.
 */
import { syntaxClassName, type KustoSyntaxNode } from '../../../shared/kql';
import { compileExpression, parseStringLiterals, type CompileContext, type CompiledExpression } from './compileExpression';
import { columnIndex, columnsOfType, namedParameters, nodeChildren, type KqlFrame } from './kqlFrame';
import { kqlToString, type KqlValue } from './kqlValues';
import { compileRegex, compileStringOperator, PREDICATES, STRING_OPERATORS } from './stringOperators';

/** One source of a search: its name (the `$table` value) and rows. */
interface SearchSource {
  name: string;
  frame: KqlFrame;
}

const TABLE_COLUMN = '$table';

/** The test a search term applies to one text, by where its `*` wildcards are. */
function termTest(literal: string, caseSensitive: boolean): (text: string) => boolean {
  const cs = caseSensitive ? '_cs' : '';
  const inner = literal.replace(/^\*/, '').replace(/\*$/, '');
  const leading = literal.startsWith('*');
  const trailing = literal.length > 1 && literal.endsWith('*');
  if (inner.includes('*')) {
    const escape = (part: string): string => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pattern = `${leading ? '' : '\\b'}${inner.split('*').map(escape).join('.*')}${trailing ? '' : '\\b'}`;
    const regex = compileRegex(caseSensitive ? pattern : `(?i)${pattern}`);
    return (text) => regex.test(text);
  }
  const operator = leading && trailing ? 'contains' : trailing ? 'hasprefix' : leading ? 'hassuffix' : 'has';
  const predicate = PREDICATES[`${operator}${cs}`]!;
  return (text) => predicate(text, inner);
}

function isStringTerm(node: KustoSyntaxNode): boolean {
  return syntaxClassName(node) === 'LiteralExpression' && /^[hH]?@?["'`]/.test(node.ToString().trim());
}

/** Compiles a search predicate over the unified frame (whose first column is `$table`). */
function compilePredicate(node: KustoSyntaxNode, context: CompileContext, columns: KqlFrame['columns'], caseSensitive: boolean): CompiledExpression['evaluate'] {
  const className = syntaxClassName(node);
  if (className === 'StarExpression') return () => true;
  if (className === 'ParenthesizedExpression') return compilePredicate(nodeChildren(node)[0]!, context, columns, caseSensitive);
  if (isStringTerm(node)) {
    const test = termTest(parseStringLiterals(node.ToString().trim()), caseSensitive);
    const searched = columns.map((column, index) => ({ index, type: column.type })).filter((column) => columns[column.index]!.name !== TABLE_COLUMN);
    return (row) => searched.some((column) => test(kqlToString(row[column.index] ?? null, column.type)));
  }
  if (className === 'BinaryExpression') {
    const [leftNode, rightNode] = nodeChildren(node);
    const operator = node.GetChild(1)?.Text?.toLowerCase() ?? '';
    if (operator === 'and' || operator === 'or') {
      const left = compilePredicate(leftNode!, context, columns, caseSensitive);
      const right = compilePredicate(rightNode!, context, columns, caseSensitive);
      return operator === 'and' ? (row) => left(row) === true && right(row) === true : (row) => left(row) === true || right(row) === true;
    }
    if (operator === ':') {
      const column = compileExpression(leftNode!, context);
      const test = termTest(parseStringLiterals(rightNode!.ToString().trim()), caseSensitive);
      return (row) => test(kqlToString(column.evaluate(row), column.type));
    }
    const sensitive = `${operator}_cs`;
    if (caseSensitive && STRING_OPERATORS.has(sensitive)) {
      return compileStringOperator(sensitive, compileExpression(leftNode!, context), compileExpression(rightNode!, context)).evaluate;
    }
    if (caseSensitive && (operator === '=~' || operator === '!~')) {
      const [left, right] = [compileExpression(leftNode!, context), compileExpression(rightNode!, context)];
      const negate = operator === '!~';
      return (row) => (kqlToString(left.evaluate(row), left.type) === kqlToString(right.evaluate(row), right.type)) !== negate;
    }
  }
  return compileExpression(node, context).evaluate;
}

/** Runs `search` over the given sources. */
function search(sources: SearchSource[], node: KustoSyntaxNode, contextFor: (input: KqlFrame) => CompileContext): KqlFrame {
  const columns = columnsOfType(node.ResultType, node);
  const rows: KqlValue[][] = [];
  for (const source of sources) {
    const index = columnIndex(source.frame.columns);
    const from = columns.map((column) => index.get(column.name));
    for (const row of source.frame.rows) rows.push(columns.map((column, i) => (column.name === TABLE_COLUMN ? source.name : from[i] === undefined ? null : (row[from[i]!] ?? null))));
  }
  const unified: KqlFrame = { columns, rows };
  const kind = (namedParameters(node).get('kind') ?? 'default').toLowerCase();
  const predicateNode = nodeChildren(node).filter((child) => !['SyntaxList', 'FindInClause'].includes(syntaxClassName(child))).pop()!;
  const predicate = compilePredicate(predicateNode, contextFor(unified), columns, kind === 'case_sensitive');
  return { columns, rows: rows.filter((row) => predicate(row) === true) };
}

export type { SearchSource };
export { search };
