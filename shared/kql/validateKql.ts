/**
 * Checks a KQL query against a workspace schema with Microsoft's own analyser before it is sent
 * anywhere, so a mistyped name costs the model one cheap round trip with a "did you mean" rather
 * than a failed API call, and a query outside the plan's tables is refused.
 */
import { z } from 'zod';

import { workspaceTableOfClassic } from './appInsightsClassicNames';
import { describeOutOfScope, resolveCrossResource, type CrossResourceTarget } from './crossResource';
import { buildGlobalState, type KqlSchema } from './kqlSchema';
import { kustoLanguage, listToArray, symbolClassName, syntaxClassName, visitSyntax, type KustoSyntaxNode } from './kustoLanguage';
import { suggestNames } from './nameSuggestions';
import { withStandardColumns } from './standardColumns';
import { tableReferences } from './referencedTables';

/** One problem in a query; line and column are 1-based and point into the query text. */
const KqlDiagnosticSchema = z.object({
  line: z.number().int().min(1),
  column: z.number().int().min(1),
  message: z.string(),
  severity: z.enum(['error', 'warning']),
  /** Known names close to an unknown one, best first; empty when none is close. */
  suggestions: z.array(z.string()),
});

/** Options of {@link validateKql}. */
const ValidateKqlOptionsSchema = z.object({
  /** When set, a query reading any other table is refused even if it is valid. */
  allowedTables: z.array(z.string()).optional(),
  /**
   * Workspaces and components `workspace()`, `app()` and `resource()` may name, each with its
   * schema; a call naming anything else is refused. None in scope when absent.
   */
  crossResource: z.array(z.custom<CrossResourceTarget>()).optional(),
});

type KqlDiagnostic = z.infer<typeof KqlDiagnosticSchema>;
type ValidateKqlOptions = z.infer<typeof ValidateKqlOptionsSchema>;
/** Either the tables the query reads, or why it cannot run. */
type KqlValidationResult = { ok: true; tablesReferenced: string[] } | { ok: false; diagnostics: KqlDiagnostic[] };

// Analyser messages about unknown names, and what kind of names could replace them.
const UNKNOWN_NAME = /^The name '([^']+)' does not refer to any known ([^.]+)\./;

/**
 * Parses and analyses `query` against `schema`.
 *
 * @example
 * validateKql('AppRequest | take 5', schema)
 * // { ok: false, diagnostics: [{ line: 1, column: 1, message: "The name 'AppRequest' does not refer to any
 * //   known table, tabular variable or function. Did you mean 'AppRequests'?", suggestions: ['AppRequests'], ... }] }
 */
function validateKql(query: string, schema: KqlSchema, options: ValidateKqlOptions = {}): KqlValidationResult {
  const targets = options.crossResource ?? [];
  const resolved = resolveCrossResource(query, targets);
  const locate = lineLocator(query);
  const diagnostics: KqlDiagnostic[] = [];
  for (const call of resolved.outOfScope) {
    const { line, column } = locate(call.start);
    diagnostics.push({ line, column, message: describeOutOfScope(call, targets), severity: 'error', suggestions: [] });
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };

  // Standard columns (`_TimeReceived`, `_ItemId`, ...) exist on every table though schemas omit them.
  const databases = new Map([...resolved.databases].map(([name, target]) => [name, withStandardColumns(target)]));
  const code = kustoLanguage().KustoCode.ParseAndAnalyze(resolved.text, buildGlobalState(withStandardColumns(schema), databases));
  const tableNames = [...new Set([schema, ...resolved.databases.values()].flatMap((s) => Object.keys(s.tables)))];

  for (const diagnostic of listToArray(code.GetDiagnostics())) {
    const severity = diagnostic.Severity.toLowerCase();
    if (severity !== 'error') continue;
    const { line, column } = locate(resolved.originalOffset(diagnostic.Start));
    const unknown = UNKNOWN_NAME.exec(diagnostic.Message);
    let message = diagnostic.Message;
    let suggestions: string[] = [];
    if (unknown) {
      suggestions = suggestNames(unknown[1]!, candidateNames(schema, unknown[2]!, query));
      if (suggestions.length > 0) message += ` Did you mean ${suggestions.map((name) => `'${name}'`).join(' or ')}?`;
    }
    diagnostics.push({ line, column, message, severity: 'error', suggestions });
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };

  const references = [...tableReferences(code.Syntax, tableNames), ...functionTableReferences(code.Syntax, schema, tableNames)].map(
    (reference) => ({ ...reference, offset: resolved.originalOffset(reference.offset) }),
  );
  if (options.allowedTables) {
    const allowed = new Set(options.allowedTables);
    // A classic App Insights name reads the same data as its workspace-based table.
    const refused = references.filter((reference) => !allowed.has(reference.table) && !allowed.has(workspaceTableOfClassic(reference.table) ?? ''));
    const reported = new Set<string>();
    for (const reference of refused) {
      if (reported.has(reference.table)) continue;
      reported.add(reference.table);
      const { line, column } = locate(reference.offset);
      diagnostics.push({
        line,
        column,
        message:
          `The table '${reference.table}' is outside the tables this query may read ` +
          `(${[...allowed].sort().join(', ') || 'none'}).`,
        severity: 'error',
        suggestions: suggestNames(reference.table, allowed),
      });
    }
    if (diagnostics.length > 0) return { ok: false, diagnostics };
  }
  return { ok: true, tablesReferenced: [...new Set(references.map((reference) => reference.table))].sort() };
}

/**
 * Tables read through saved workspace functions: their bodies are not part of the query's syntax
 * tree, so each called function's body is parsed (and the functions it calls, once each) and every
 * name in it that is a known table counts as read at the call. This over-approximates (a column
 * named like a table counts too), which only ever refuses more under an allow-list.
 */
function functionTableReferences(
  syntax: KustoSyntaxNode,
  schema: KqlSchema,
  tableNames: ReadonlyArray<string>,
): Array<{ table: string; offset: number }> {
  const bodies = new Map((schema.functions ?? []).map((fn) => [fn.name, fn.body]));
  if (bodies.size === 0) return [];
  const known = new Set(tableNames);
  const found: Array<{ table: string; offset: number }> = [];
  const expanded = new Set<string>();
  const expand = (name: string, offset: number): void => {
    const body = bodies.get(name);
    if (body === undefined || expanded.has(name)) return;
    expanded.add(name);
    visitSyntax(kustoLanguage().KustoCode.Parse(body).Syntax, (node) => {
      if (node.IsToken || syntaxClassName(node) !== 'NameReference') return;
      const text = node.ToString().trim();
      if (known.has(text)) found.push({ table: text, offset });
      expand(text, offset);
    });
  };
  visitSyntax(syntax, (node) => {
    const symbol = node.IsToken ? null : node.ReferencedSymbol;
    if (symbol && symbolClassName(symbol) === 'FunctionSymbol') expand(symbol.Name, node.TextStart);
  });
  return found;
}

// What could stand in for an unknown name: tables, and columns when the analyser says a column fits.
function candidateNames(schema: KqlSchema, kinds: string, query: string): string[] {
  const names = Object.keys(schema.tables);
  if (kinds.includes('column')) {
    for (const columns of Object.values(schema.tables)) names.push(...Object.keys(columns));
  }
  if (kinds.includes('variable')) {
    for (const match of query.matchAll(/\blet\s+([A-Za-z_][A-Za-z0-9_]*)/g)) names.push(match[1]!);
  }
  return names;
}

// Converts offsets to 1-based line and column; the parser reports offsets only.
function lineLocator(text: string): (offset: number) => { line: number; column: number } {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low]! + 1 };
  };
}

export type { KqlDiagnostic, ValidateKqlOptions, KqlValidationResult };
export { KqlDiagnosticSchema, ValidateKqlOptionsSchema, validateKql };
