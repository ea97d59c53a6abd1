/**
 * Runs KQL over in-memory tables for the local Log Analytics emulator. It parses and analyses
 * with Microsoft's official parser, refuses queries the analyser rejects, then walks the syntax
 * tree dispatching on node class names. Anything it does not implement is refused with a
 * {@link KqlUnsupportedError} naming the construct, never answered approximately.
 */
import {
  buildGlobalState,
  kqlSchemaFromTables,
  kustoLanguage,
  listToArray,
  symbolClassName,
  syntaxClassName,
  type KqlSchema,
  type KustoSyntaxNode,
} from '../../../shared/kql';
import { compileExpression, type CompileContext } from './compileExpression';
import { KqlEvaluationError, KqlUnsupportedError } from './kqlErrors';
import { childOfClass, columnIndex, firstSeparatedList, nodeChildren, scalarTypeOf, separatedItems, type KqlFrame, type KqlScope } from './kqlFrame';
import { CROSS_RESOURCE_TABLE_PREFIX, type ExecuteKqlOptions, type KqlDatabase, type KqlResult, type KqlTable } from './kqlTable';
import { toExternal, toInternal } from './kqlValues';
import { dataTable } from './dataTable';
import { join } from './joinOperator';
import { find } from './findOperator';
import { topNested } from './topNestedOperator';
import { makeSeries, rangeOperator } from './makeSeries';
import { parse, parseWhere } from './parseOperator';
import { search, type SearchSource } from './searchOperator';
import * as operators from './tabularOperators';
import type { UnionLeg } from './tabularOperators';

// Converted source tables and their schema, reused while the caller keeps the same database object.
const prepared = new WeakMap<KqlDatabase, { schema: KqlSchema; frames: Map<string, KqlFrame> }>();

function prepare(database: KqlDatabase): { schema: KqlSchema; frames: Map<string, KqlFrame> } {
  const cached = prepared.get(database);
  if (cached) return cached;
  const frames = new Map<string, KqlFrame>();
  for (const [name, table] of database.tables) {
    const types = table.columns.map((column) => column.type);
    frames.set(name, {
      columns: table.columns.map((column) => ({ ...column })),
      rows: table.rows.map((row, r) => types.map((type, c) => toInternal(row[c], type, `${name} row ${r} column ${table.columns[c]!.name}`))),
    });
  }
  const result = { schema: kqlSchemaFromTables([...database.tables.values()]), frames };
  prepared.set(database, result);
  return result;
}

/**
 * Executes `query` over `database` and returns one result table (`PrimaryResult`) in the shape
 * of the Log Analytics REST response (see `kqlTable.ts` for the value representation).
 *
 * @throws KqlEvaluationError with code `SyntaxError` / `SemanticError` when the analyser rejects
 *   the query (message: the analyser's diagnostics), or `EvaluationError` when a value is invalid.
 * @throws KqlUnsupportedError naming the operator or function the evaluator does not implement.
 */
function executeKql(query: string, database: KqlDatabase, options: ExecuteKqlOptions): KqlResult {
  const { schema, frames } = prepare(database);
  const code = kustoLanguage().KustoCode.ParseAndAnalyze(query, buildGlobalState(schema));
  const errors = listToArray(code.GetDiagnostics()).filter((diagnostic) => diagnostic.Severity === 'Error');
  if (errors.length > 0) {
    const syntax = errors.some((diagnostic) => /^KS0[0-9]{2}$/.test(diagnostic.Code));
    throw new KqlEvaluationError(
      syntax ? 'SyntaxError' : 'SemanticError',
      errors.map((diagnostic) => `${diagnostic.Message} (at offset ${diagnostic.Start})`).join(' '),
    );
  }
  const scope: KqlScope = {
    now: options.now.getTime(),
    scalars: new Map(),
    tables: new Map(),
    sourceNames: [...frames.keys()],
    source: (name) => {
      const frame = frames.get(name);
      if (!frame) throw new KqlEvaluationError('SemanticError', `table '${name}' does not exist`);
      return options.timespan ? restrictToTimespan(frame, options.timespan) : frame;
    },
  };
  const evaluator = new TreeEvaluator(scope);
  let result: KqlFrame | undefined;
  for (const statement of statementsOf(code.Syntax)) {
    const className = syntaxClassName(statement);
    if (className === 'LetStatement') evaluator.bind(statement);
    else if (className === 'ExpressionStatement') result = evaluator.tabular(nodeChildren(statement)[0]!);
    else throw new KqlUnsupportedError(`statement '${statement.ToString().trim().split(/\s/)[0]}'`);
  }
  if (!result) throw new KqlEvaluationError('SemanticError', 'the query has no tabular expression to return');
  const rows = options.maxRows === undefined ? result.rows : result.rows.slice(0, options.maxRows);
  const table: KqlTable = {
    name: 'PrimaryResult',
    columns: result.columns,
    rows: rows.map((row) => row.map((value, i) => toExternal(value, result.columns[i]!.type))),
  };
  return { tables: [table] };
}

function statementsOf(root: KustoSyntaxNode): KustoSyntaxNode[] {
  // A QueryBlock holds directives, then the `;`-separated statements.
  return separatedItems(nodeChildren(root)[1]);
}

// The REST API's timespan parameter limits every source table to rows inside the window.
function restrictToTimespan(frame: KqlFrame, window: { start: Date; end: Date }): KqlFrame {
  const index = columnIndex(frame.columns);
  const at = index.get('TimeGenerated') ?? index.get('Timestamp');
  if (at === undefined) return frame;
  const start = window.start.getTime();
  const end = window.end.getTime();
  return { columns: frame.columns, rows: frame.rows.filter((row) => { const t = row[at]; return typeof t === 'number' && t >= start && t <= end; }) };
}

/** Evaluates tabular expressions and `let` statements against one query's scope. */
class TreeEvaluator {
  public constructor(private readonly scope: KqlScope) {}

  public bind(statement: KustoSyntaxNode): void {
    const [nameNode, valueNode] = nodeChildren(statement);
    const name = nameNode!.ToString().trim();
    if (!valueNode || syntaxClassName(valueNode) === 'FunctionDeclaration') throw new KqlUnsupportedError(`let function '${name}'`);
    if (valueNode.ResultType?.Columns) {
      this.scope.tables.set(name, this.tabular(valueNode));
      return;
    }
    const compiled = compileExpression(valueNode, this.context({ columns: [], rows: [] }));
    this.scope.scalars.set(name, { value: compiled.evaluate([]), type: scalarTypeOf(valueNode) });
  }

  public context(input: KqlFrame): CompileContext {
    return { columns: columnIndex(input.columns), columnTypes: input.columns.map((column) => column.type), rows: input.rows, scope: this.scope, evaluateTabular: (node) => this.tabular(node) };
  }

  public tabular(node: KustoSyntaxNode): KqlFrame {
    const className = syntaxClassName(node);
    switch (className) {
      case 'PipeExpression': {
        const [inputNode, operatorNode] = nodeChildren(node);
        if (syntaxClassName(operatorNode!) === 'SearchOperator') {
          return search([{ name: pipelineSourceName(inputNode!), frame: this.tabular(inputNode!) }], operatorNode!, (input) => this.context(input));
        }
        return this.apply(this.tabular(inputNode!), operatorNode!);
      }
      case 'ParenthesizedExpression':
        return this.tabular(nodeChildren(node)[0]!);
      case 'NameReference':
        return this.named(node);
      case 'FunctionCallExpression': {
        const callee = node.GetChild(0)?.ToString().trim();
        if (callee !== 'table') throw new KqlUnsupportedError(`tabular function ${callee}()`);
        return this.scope.source(node.ResultType?.Name ?? '');
      }
      case 'UnionOperator':
        return operators.union(this.unionLegs(node), node);
      case 'DataTableExpression':
        return dataTable(node, (input) => this.context(input));
      case 'SearchOperator':
        return search(this.searchSources(node), node, (input) => this.context(input));
      case 'RangeOperator':
        return rangeOperator(node, (input) => this.context(input));
      case 'FindOperator':
        return find(node, { scope: this.scope, contextFor: (input) => this.context(input), wildcardPattern });
      // materialize() caches a result for reuse; evaluating it where used gives the same rows.
      case 'MaterializeExpression':
        return this.tabular(nodeChildren(node).find((child) => child.ResultType?.Columns)!);
      case 'PrintOperator': {
        const empty: KqlFrame = { columns: [], rows: [[]] };
        return operators.project(empty, node, (input) => this.context(input));
      }
      default:
        throw new KqlUnsupportedError(`tabular expression '${node.ToString().trim().slice(0, 40)}' (${className})`);
    }
  }

  private named(node: KustoSyntaxNode): KqlFrame {
    const name = node.ToString().trim();
    const symbol = node.ReferencedSymbol;
    if (symbol && symbolClassName(symbol) === 'VariableSymbol') {
      const frame = this.scope.tables.get(name);
      if (!frame) throw new KqlEvaluationError('SemanticError', `'${name}' is not bound to a table`);
      return frame;
    }
    return this.scope.source(symbol?.Name ?? name);
  }

  // `search in (T1, A*)` names its tables; without `in` it searches every table.
  private searchSources(node: KustoSyntaxNode): SearchSource[] {
    const inClause = childOfClass(node, 'FindInClause');
    if (!inClause) return this.scope.sourceNames.map((name) => ({ name, frame: this.scope.source(name) }));
    const sources: SearchSource[] = [];
    for (const item of firstSeparatedList(inClause)) {
      const wildcard = item.GetChild(0);
      if (wildcard && syntaxClassName(wildcard) === 'WildcardedName') {
        const pattern = wildcardPattern(wildcard.ToString().trim());
        for (const name of this.scope.sourceNames) if (pattern.test(name)) sources.push({ name, frame: this.scope.source(name) });
        continue;
      }
      sources.push({ name: pipelineSourceName(item), frame: this.tabular(item) });
    }
    return sources;
  }

  /** The union's legs, each with the source table it reads when it is one (for `withsource`). */
  private unionLegs(node: KustoSyntaxNode): UnionLeg[] {
    const legs: UnionLeg[] = [];
    for (const item of firstSeparatedList(node)) {
      const wildcard = item.GetChild(0);
      if (wildcard && syntaxClassName(wildcard) === 'WildcardedName') {
        const pattern = wildcardPattern(wildcard.ToString().trim());
        for (const name of this.scope.sourceNames) if (pattern.test(name)) legs.push({ frame: this.scope.source(name), source: sourceLabel(name) });
        continue;
      }
      const symbol = syntaxClassName(item) === 'NameReference' ? item.ReferencedSymbol : null;
      const source = symbol && symbolClassName(symbol) === 'TableSymbol' ? sourceLabel(symbol.Name) : undefined;
      legs.push({ frame: this.tabular(item), source });
    }
    return legs;
  }


  private apply(input: KqlFrame, node: KustoSyntaxNode): KqlFrame {
    const contextFor = (frame: KqlFrame): CompileContext => this.context(frame);
    switch (syntaxClassName(node)) {
      case 'FilterOperator':
        return operators.where(input, node, contextFor);
      case 'ProjectOperator':
        return operators.project(input, node, contextFor);
      case 'ProjectAwayOperator':
      case 'ProjectKeepOperator':
      case 'ProjectReorderOperator':
        return operators.projectByName(input, node);
      case 'ProjectRenameOperator':
        return operators.projectRename(input, node);
      case 'ExtendOperator':
        return operators.extend(input, node, contextFor);
      case 'SummarizeOperator':
        return operators.summarize(input, node, contextFor);
      case 'SortOperator':
        return operators.sort(input, node, contextFor);
      case 'TopOperator':
        return operators.top(input, node, contextFor);
      case 'TakeOperator':
        return operators.take(input, node, contextFor);
      case 'DistinctOperator':
        return operators.distinct(input, node, contextFor);
      case 'CountOperator':
        return operators.count(input, node);
      case 'ParseOperator':
        return parse(input, node, contextFor);
      case 'ParseWhereOperator':
        return parseWhere(input, node, contextFor);
      case 'MakeSeriesOperator':
        return makeSeries(input, node, contextFor);
      case 'MvExpandOperator':
        return operators.mvExpand(input, node, contextFor);
      case 'UnionOperator':
        return operators.union([{ frame: input, source: undefined }, ...this.unionLegs(node)], node);
      // The evaluator's row sets are always ordered; serialize only adds its columns, like extend.
      case 'TopNestedOperator':
        return topNested(input, node, contextFor);
      case 'SerializeOperator':
        return firstSeparatedList(node).length > 0 ? operators.extend(input, node, contextFor) : input;
      // Charts are the client's business: the REST API ignores `render` and returns the table.
      case 'RenderOperator':
        return input;
      case 'JoinOperator': {
        const rightNode = nodeChildren(node).find((child) => child.ResultType?.Columns && syntaxClassName(child) !== 'SyntaxList');
        if (!rightNode) throw new KqlUnsupportedError('join without a right side');
        return join(input, this.tabular(rightNode), node);
      }
      default: {
        const keyword = firstTokenText(node) ?? syntaxClassName(node);
        throw new KqlUnsupportedError(`operator '${keyword}'`);
      }
    }
  }
}

/** `Err*` as a whole-name pattern. */
function wildcardPattern(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

/**
 * The `$table` of `search` rows: the table (or `let` name) a pipeline starts from (`T | where ...`
 * → T); for another source, such as `union` or `datatable`, its keyword, the "system-generated
 * name" Kusto documents.
 */
function pipelineSourceName(node: KustoSyntaxNode): string {
  let current = node;
  while (['PipeExpression', 'ParenthesizedExpression'].includes(syntaxClassName(current))) current = nodeChildren(current)[0]!;
  return syntaxClassName(current) === 'NameReference' ? current.ToString().trim() : (firstTokenText(current) ?? '');
}

// A table's name as `withsource` reports it; a cross-resource table's synthetic name is no answer.
function sourceLabel(name: string): string | undefined {
  return name.startsWith(CROSS_RESOURCE_TABLE_PREFIX) ? undefined : name;
}

// The operator's keyword (e.g. `make-series`), for error messages.
function firstTokenText(node: KustoSyntaxNode): string | undefined {
  if (node.IsToken) return node.Text || undefined;
  for (let i = 0; i < node.ChildCount; i++) {
    const child = node.GetChild(i);
    if (!child) continue;
    const text = firstTokenText(child);
    if (text) return text;
  }
  return undefined;
}

export { executeKql };
