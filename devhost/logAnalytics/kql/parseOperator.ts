/**
 * `parse` and `parse-where`, with the documented kinds:
 * - `simple` (default): literals must appear in order, `*` skips text, string columns capture up
 *   to the next literal, typed columns must convert (otherwise every new column is null);
 * - `regex`: the literals are regular expressions and `*` and string columns are greedy (`.*`),
 *   as RE2 is by default; `flags=` takes RE2 letters (`i`, `m`, `s`, `U` for ungreedy);
 * - `relaxed`: like simple, but a column whose text does not convert is null on its own.
 * `parse-where` keeps only the rows that parse. A column name already in the input is overwritten
 * in place (Kusto allows it), taking the parsed type.
 */
import { syntaxClassName, type KustoScalarType, type KustoSyntaxNode } from '../../../shared/kql';
import { compileExpression, parseStringLiterals } from './compileExpression';
import { KqlEvaluationError } from './kqlErrors';
import { columnIndex, columnsOfType, namedParameters, nodeChildren, type KqlFrame } from './kqlFrame';
import { kqlToString, parseDateTime, parseTimespan, type KqlValue } from './kqlValues';
import { regexWithFlags } from './regexFlags';
import type { ContextFor } from './tabularOperators';

const NUMBER_PATTERNS: Partial<Record<KustoScalarType, string>> = {
  int: '-?\\d+',
  long: '-?\\d+',
  real: '-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?',
  decimal: '-?\\d+(?:\\.\\d+)?',
};

/** Converts captured text to the column type; undefined when it does not convert. */
function convertCapture(text: string, type: KustoScalarType): KqlValue | undefined {
  switch (type) {
    case 'string':
      return text;
    case 'int':
    case 'long':
    case 'real':
    case 'decimal': {
      const value = Number(text);
      return text.trim() === '' || Number.isNaN(value) ? undefined : value;
    }
    case 'datetime':
      return parseDateTime(text) ?? undefined;
    case 'timespan':
      return parseTimespan(text) ?? undefined;
    case 'bool':
      return /^true$/i.test(text) ? true : /^false$/i.test(text) ? false : undefined;
    case 'guid':
      return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text) ? text : undefined;
    case 'dynamic':
      try {
        return JSON.parse(text) as KqlValue;
      } catch {
        return text;
      }
  }
}

function parseRows(input: KqlFrame, node: KustoSyntaxNode, contextFor: ContextFor, keepUnparsed: boolean): KqlFrame {
  const parameters = namedParameters(node);
  const kind = (parameters.get('kind') ?? 'simple').toLowerCase();
  if (!['simple', 'regex', 'relaxed'].includes(kind)) throw new KqlEvaluationError('SemanticError', `parse kind=${kind} is not a parse kind (simple, regex, relaxed)`);
  const flags = parameters.get('flags') ?? '';
  const regexMode = kind === 'regex';
  const columns = columnsOfType(node.ResultType, node);
  // Children: named parameters, the source expression, then the pattern list after `with`.
  const [, sourceNode, patternList] = nodeChildren(node);
  const source = compileExpression(sourceNode!, contextFor(input));
  const captures: Array<{ name: string; type: KustoScalarType }> = [];
  let pattern = '^';
  const parts = nodeChildren(patternList!);
  parts.forEach((part, position) => {
    const className = syntaxClassName(part);
    // Outside regex mode the text after the last element is free, so a trailing wildcard is greedy.
    const any = regexMode || position === parts.length - 1 ? '.*' : '.*?';
    if (className === 'StarExpression') pattern += any;
    else if (className === 'LiteralExpression') {
      const text = parseStringLiterals(part.ToString().trim());
      pattern += regexMode ? text : text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else {
      const name = (className === 'NameAndTypeDeclaration' ? nodeChildren(part)[0]! : part).ToString().trim();
      const column = columns.find((candidate) => candidate.name === name);
      if (!column) throw new KqlEvaluationError('SemanticError', `parse column '${name}' is missing from the result`);
      captures.push(column);
      const typed = kind === 'relaxed' ? undefined : NUMBER_PATTERNS[column.type];
      // Named groups, so capture groups inside regex literals do not shift the columns.
      pattern += `(?<c${captures.length - 1}>${typed ?? any})`;
    }
  });
  const regex = regexWithFlags(pattern, regexMode ? flags : '', pattern);
  const outputIndex = columnIndex(columns);
  const inputIndex = columnIndex(input.columns);
  const carry = columns.map((column) => inputIndex.get(column.name));
  const targets = captures.map((capture) => outputIndex.get(capture.name)!);
  const empty = (type: KustoScalarType): KqlValue => (type === 'string' ? '' : null);
  const rows: KqlValue[][] = [];
  for (const row of input.rows) {
    const out = carry.map((at) => (at === undefined ? null : (row[at] ?? null)));
    const match = regex.exec(kqlToString(source.evaluate(row), source.type));
    let values = captures.map((capture, i) => (match ? convertCapture(match.groups?.[`c${i}`] ?? '', capture.type) : undefined));
    // Strict kinds: one column that does not convert fails the whole row.
    const parsed = match !== null && (kind === 'relaxed' || values.every((value) => value !== undefined));
    if (!parsed && !keepUnparsed) continue;
    if (!parsed && kind !== 'relaxed') values = captures.map(() => undefined);
    captures.forEach((capture, i) => { out[targets[i]!] = values[i] ?? empty(capture.type); });
    rows.push(out);
  }
  return { columns, rows };
}

function parse(input: KqlFrame, node: KustoSyntaxNode, contextFor: ContextFor): KqlFrame {
  return parseRows(input, node, contextFor, true);
}

function parseWhere(input: KqlFrame, node: KustoSyntaxNode, contextFor: ContextFor): KqlFrame {
  return parseRows(input, node, contextFor, false);
}

export { parse, parseWhere };
