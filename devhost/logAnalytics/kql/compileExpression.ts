/**
 * Compiles a scalar expression of the official parser's syntax tree into a closure over a row.
 * Types come from the analyser (`ResultType`), so e.g. `/` knows it is integer division and
 * `tostring()` knows its argument is a datetime; each node is visited once per query, not per row.
 */
import { symbolClassName, syntaxClassName, type KustoScalarType, type KustoSyntaxNode } from '../../../shared/kql';
import { KqlEvaluationError, KqlUnsupportedError } from './kqlErrors';
import { childOfClass, nodeChildren, scalarTypeOf, separatedItems, type KqlFrame, type KqlScope } from './kqlFrame';
import { kqlToString, parseDateTime, parseTimespan, valuesEqual, type KqlValue } from './kqlValues';
import { compileFunctionCall } from './scalarFunctions';
import { compileStringOperator, hasTerm, STRING_OPERATORS } from './stringOperators';

/** Evaluates an expression for one row. */
type Evaluate = (row: KqlValue[]) => KqlValue;

/** A compiled expression and its static type. */
interface CompiledExpression {
  type: KustoScalarType;
  evaluate: Evaluate;
}

/** What an expression can see: the input row's columns, `let` bindings, and tabular evaluation. */
interface CompileContext {
  columns: ReadonlyMap<string, number>;
  /** The input columns' types by index (for `* has "x"`, which tests every column as text). */
  columnTypes?: readonly KustoScalarType[];
  /**
   * Inside `summarize x = 100.0 * countif(...) / count()`: the aggregate calls (by their text
   * position) whose results the expression reads, by index in the row of aggregate results.
   */
  aggregateSlots?: ReadonlyMap<number, number>;
  scope: KqlScope;
  /** The operator's input rows in order, for window functions (`prev`, `next`, `row_number`). */
  rows?: readonly KqlValue[][];
  /** Evaluates a tabular sub-expression, e.g. the right side of `in (T | project X)`. */
  evaluateTabular: (node: KustoSyntaxNode) => KqlFrame;
}

/** Compiles a scalar expression. */
function compileExpression(node: KustoSyntaxNode, context: CompileContext): CompiledExpression {
  const className = syntaxClassName(node);
  switch (className) {
    case 'LiteralExpression':
      return constant(scalarTypeOf(node), parseLiteral(node));
    case 'NameReference':
      return compileName(node, context);
    case 'ParenthesizedExpression':
      return compileExpression(nodeChildren(node)[0]!, context);
    case 'BinaryExpression':
      return compileBinary(node, context);
    case 'PrefixUnaryExpression':
      return compileUnary(node, context);
    case 'InExpression':
    case 'HasAnyExpression':
    case 'HasAllExpression':
      return compileIn(node, context);
    case 'BetweenExpression':
      return compileBetween(node, context);
    case 'FunctionCallExpression': {
      const slot = context.aggregateSlots?.get(node.TextStart);
      if (slot !== undefined) return { type: scalarTypeOf(node), evaluate: (row) => row[slot] ?? null };
      return compileFunctionCall(node, context, compileExpression);
    }
    case 'PathExpression':
      return compilePath(node, context);
    case 'ElementExpression':
      return compileElement(node, context);
    case 'DynamicExpression':
      return constant('dynamic', parseDynamicLiteral(node));
    case 'ToScalarExpression':
      return compileToScalar(node, context);
    default:
      throw new KqlUnsupportedError(`expression '${node.ToString().trim()}' (${className})`);
  }
}

function constant(type: KustoScalarType, value: KqlValue): CompiledExpression {
  return { type, evaluate: () => value };
}

function compileName(node: KustoSyntaxNode, context: CompileContext): CompiledExpression {
  const name = node.ToString().trim();
  const type = scalarTypeOf(node);
  const symbol = node.ReferencedSymbol;
  const symbolKind = symbol ? symbolClassName(symbol) : '';
  if (symbolKind === 'VariableSymbol' || symbolKind === 'ParameterSymbol') {
    const bound = context.scope.scalars.get(name);
    if (!bound) throw new KqlEvaluationError('SemanticError', `'${name}' is not bound to a scalar value`);
    return constant(type, bound.value);
  }
  const index = context.columns.get(name);
  if (index === undefined) throw new KqlEvaluationError('SemanticError', `column '${name}' is not in scope`);
  return { type, evaluate: (row) => row[index] ?? null };
}

/** Parses a literal token by the type the analyser gave it. */
function parseLiteral(node: KustoSyntaxNode): KqlValue {
  const type = scalarTypeOf(node);
  const text = node.ToString().trim();
  const inner = /^[a-z]+\((.*)\)$/is.exec(text)?.[1]?.trim() ?? text;
  if (inner === 'null') return type === 'string' ? '' : null;
  switch (type) {
    case 'string':
      return parseStringLiterals(text);
    case 'int':
    case 'long':
    case 'real':
    case 'decimal': {
      if (/^0x[0-9a-f]+$/i.test(inner)) return parseInt(inner, 16);
      const special: Record<string, number> = { nan: NaN, '+inf': Infinity, inf: Infinity, '-inf': -Infinity };
      const value = special[inner.toLowerCase()] ?? Number(inner);
      if (Number.isNaN(value) && inner.toLowerCase() !== 'nan') throw new KqlUnsupportedError(`literal ${text}`);
      return value;
    }
    case 'bool':
      return inner.toLowerCase() === 'true';
    case 'datetime':
      return parseDateTime(inner);
    case 'timespan':
      return parseTimespan(inner);
    case 'guid':
      return inner;
    default:
      throw new KqlUnsupportedError(`literal ${text}`);
  }
}

// Kusto string literals: "..." or '...' with backslash escapes, @"..." verbatim, h"..." obfuscated,
// and adjacent literals concatenated.
function parseStringLiterals(text: string): string {
  let result = '';
  const pattern = /[hH]?(@?)("(?:[^"\\]|\\.|"")*"|'(?:[^'\\]|\\.|'')*'|```[\s\S]*?```)/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    const quoted = match[2]!;
    if (quoted.startsWith('```')) {
      result += quoted.slice(3, -3);
      continue;
    }
    const quote = quoted[0]!;
    const body = quoted.slice(1, -1);
    if (match[1] === '@') {
      result += body.split(quote + quote).join(quote);
      continue;
    }
    result += body.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, escape: string) => {
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', '"': '"', "'": "'" };
      if (escape.length > 1) return String.fromCharCode(parseInt(escape.slice(1), 16));
      return simple[escape] ?? escape;
    });
  }
  return result;
}

function parseDynamicLiteral(node: KustoSyntaxNode): KqlValue {
  const body = nodeChildren(node)[0];
  const text = body?.ToString().trim() ?? 'null';
  try {
    return JSON.parse(text) as KqlValue;
  } catch (error) {
    throw new KqlUnsupportedError(`dynamic literal ${text} (only JSON content is supported)`, { cause: error });
  }
}

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);

function compileBinary(node: KustoSyntaxNode, context: CompileContext): CompiledExpression {
  const [leftNode, rightNode] = nodeChildren(node);
  const operator = node.GetChild(1)?.Text?.toLowerCase() ?? '';
  if (syntaxClassName(leftNode!) === 'StarExpression' && STRING_OPERATORS.has(operator)) return compileAnyColumn(operator, rightNode!, context);
  const left = compileExpression(leftNode!, context);
  const right = compileExpression(rightNode!, context);
  const l = left.evaluate;
  const r = right.evaluate;
  const type = scalarTypeOf(node);

  if (operator === 'and') return { type, evaluate: (row) => l(row) === true && r(row) === true };
  if (operator === 'or') return { type, evaluate: (row) => l(row) === true || r(row) === true };
  if (STRING_OPERATORS.has(operator)) return compileStringOperator(operator, left, right);
  if (COMPARISONS.has(operator)) return { type, evaluate: compileComparison(operator, l, r) };

  const integer = type === 'int' || type === 'long';
  switch (operator) {
    case '+':
      return { type, evaluate: numeric(l, r, (a, b) => a + b) };
    case '-':
      return { type, evaluate: numeric(l, r, (a, b) => a - b) };
    case '*':
      return { type, evaluate: numeric(l, r, (a, b) => a * b) };
    case '/':
      // int / int is integer division in Kusto; division by zero gives null rather than Infinity for integers.
      return integer
        ? { type, evaluate: numeric(l, r, (a, b) => (b === 0 ? null : Math.trunc(a / b))) }
        : { type, evaluate: numeric(l, r, (a, b) => a / b) };
    case '%':
      return { type, evaluate: numeric(l, r, (a, b) => (b === 0 ? null : a % b)) };
    default:
      throw new KqlUnsupportedError(`operator '${operator}'`);
  }
}

/**
 * `where * has "x"`: true when any column's text satisfies the operator; a negated operator
 * (`* !has "x"`) must hold for every column.
 */
function compileAnyColumn(operator: string, rightNode: KustoSyntaxNode, context: CompileContext): CompiledExpression {
  const right = compileExpression(rightNode, context);
  const tests = [...context.columns.values()].map((index) =>
    compileStringOperator(operator, { type: context.columnTypes?.[index] ?? 'dynamic', evaluate: (row) => row[index] ?? null }, right).evaluate,
  );
  const negated = operator.startsWith('!');
  return { type: 'bool', evaluate: (row) => (negated ? tests.every((test) => test(row) === true) : tests.some((test) => test(row) === true)) };
}

function numeric(l: Evaluate, r: Evaluate, op: (a: number, b: number) => number | null): Evaluate {
  return (row) => {
    const a = l(row);
    const b = r(row);
    return typeof a === 'number' && typeof b === 'number' ? op(a, b) : null;
  };
}

// A comparison with null is null (so `where` drops the row), as in Kusto.
function compileComparison(operator: string, l: Evaluate, r: Evaluate): Evaluate {
  switch (operator) {
    case '==':
      return (row) => {
        const a = l(row);
        const b = r(row);
        return a === null || b === null ? null : valuesEqual(a, b);
      };
    case '!=':
      return (row) => {
        const a = l(row);
        const b = r(row);
        return a === null || b === null ? null : !valuesEqual(a, b);
      };
    default: {
      const test =
        operator === '<' ? (c: number) => c < 0 : operator === '<=' ? (c: number) => c <= 0 : operator === '>' ? (c: number) => c > 0 : (c: number) => c >= 0;
      return (row) => {
        const a = l(row);
        const b = r(row);
        if (a === null || b === null) return null;
        if (typeof a === 'number' && typeof b === 'number') return test(a < b ? -1 : a > b ? 1 : 0);
        if (typeof a === 'string' && typeof b === 'string') return test(a < b ? -1 : a > b ? 1 : 0);
        return null;
      };
    }
  }
}

function compileUnary(node: KustoSyntaxNode, context: CompileContext): CompiledExpression {
  const operator = node.GetChild(0)?.Text ?? '';
  const operand = compileExpression(nodeChildren(node)[0]!, context);
  const type = scalarTypeOf(node);
  if (operator === '+') return { type, evaluate: operand.evaluate };
  if (operator === '-') {
    const evaluate = operand.evaluate;
    return { type, evaluate: (row) => { const v = evaluate(row); return typeof v === 'number' ? -v : null; } };
  }
  throw new KqlUnsupportedError(`unary operator '${operator}'`);
}

function compileIn(node: KustoSyntaxNode, context: CompileContext): CompiledExpression {
  const left = compileExpression(nodeChildren(node)[0]!, context);
  const operator = node.GetChild(1)?.Text?.toLowerCase() ?? '';
  const list = childOfClass(node, 'ExpressionList');
  const items = separatedItems(list?.GetChild(1) ?? undefined);
  // Candidates are constants (literals, let values) or a tabular sub-query's first column.
  const candidates: KqlValue[] = [];
  for (const item of items) {
    if (item.ResultType?.Columns) {
      const frame = context.evaluateTabular(item);
      for (const row of frame.rows) candidates.push(row[0] ?? null);
      continue;
    }
    const value = compileExpression(item, context).evaluate([]);
    if (Array.isArray(value)) candidates.push(...value);
    else candidates.push(value);
  }
  const evaluate = left.evaluate;
  const leftType = left.type;
  switch (operator) {
    case 'in':
    case '!in': {
      const negate = operator === '!in';
      return { type: 'bool', evaluate: (row) => {
        const value = evaluate(row);
        return candidates.some((candidate) => valuesEqual(value, candidate)) !== negate;
      } };
    }
    case 'in~':
    case '!in~': {
      const negate = operator === '!in~';
      const lowered = new Set(candidates.map((candidate) => kqlToString(candidate, 'dynamic').toLowerCase()));
      return { type: 'bool', evaluate: (row) => lowered.has(kqlToString(evaluate(row), leftType).toLowerCase()) !== negate };
    }
    case 'has_any':
    case 'has_all': {
      const needles = candidates.map((candidate) => kqlToString(candidate, 'dynamic'));
      const test = (text: string, needle: string): boolean => hasTerm(text, needle);
      return { type: 'bool', evaluate: (row) => {
        const text = kqlToString(evaluate(row), leftType);
        return operator === 'has_any' ? needles.some((n) => test(text, n)) : needles.every((n) => test(text, n));
      } };
    }
    default:
      throw new KqlUnsupportedError(`operator '${operator}'`);
  }
}

function compileBetween(node: KustoSyntaxNode, context: CompileContext): CompiledExpression {
  const left = compileExpression(nodeChildren(node)[0]!, context);
  const negate = (node.GetChild(1)?.Text ?? '').startsWith('!');
  const couple = childOfClass(node, 'ExpressionCouple')!;
  const [lowNode, highNode] = nodeChildren(couple);
  const low = compileExpression(lowNode!, context);
  const high = compileExpression(highNode!, context);
  // `Timestamp between (start .. 1h)`: a timespan upper bound is relative to the lower bound.
  const relative = left.type === 'datetime' && high.type === 'timespan';
  const value = left.evaluate;
  return { type: 'bool', evaluate: (row) => {
    const v = value(row);
    const a = low.evaluate(row);
    let b = high.evaluate(row);
    if (typeof v !== 'number' || typeof a !== 'number' || typeof b !== 'number') return null;
    if (relative) b = a + b;
    return (v >= a && v <= b) !== negate;
  } };
}

// toscalar(T): the first column of the first row of T, evaluated once per query (null when T is empty).
function compileToScalar(node: KustoSyntaxNode, context: CompileContext): CompiledExpression {
  const tabular = nodeChildren(node).find((child) => child.ResultType?.Columns);
  if (!tabular) throw new KqlUnsupportedError(`toscalar of '${node.ToString().trim()}'`);
  const frame = context.evaluateTabular(tabular);
  const type = scalarTypeOf(node);
  return constant(type, frame.rows[0]?.[0] ?? (type === 'string' ? '' : null));
}

function compilePath(node: KustoSyntaxNode, context: CompileContext): CompiledExpression {
  const [baseNode, selectorNode] = nodeChildren(node);
  const base = compileExpression(baseNode!, context).evaluate;
  const key = selectorNode!.ToString().trim().replace(/^\['(.*)'\]$|^\["(.*)"\]$/, '$1$2');
  return { type: scalarTypeOf(node), evaluate: (row) => property(base(row), key) };
}

function compileElement(node: KustoSyntaxNode, context: CompileContext): CompiledExpression {
  const [baseNode, bracketNode] = nodeChildren(node);
  const base = compileExpression(baseNode!, context).evaluate;
  const index = compileExpression(nodeChildren(bracketNode!)[0]!, context).evaluate;
  return { type: scalarTypeOf(node), evaluate: (row) => {
    const container = base(row);
    const at = index(row);
    if (Array.isArray(container) && typeof at === 'number') {
      const position = at < 0 ? container.length + at : at;
      return container[position] ?? null;
    }
    return typeof at === 'string' ? property(container, at) : null;
  } };
}

function property(container: KqlValue, key: string): KqlValue {
  if (container === null || typeof container !== 'object' || Array.isArray(container)) return null;
  return Object.prototype.hasOwnProperty.call(container, key) ? (container[key] ?? null) : null;
}

export type { Evaluate, CompiledExpression, CompileContext };
export { compileExpression, parseStringLiterals };
