/**
 * Checks a KQL query against a workspace schema with Microsoft's own analyser before it is sent
 * anywhere, so a mistyped name costs the model one cheap round trip with a "did you mean" rather
 * than a failed API call, and a query outside the plan's tables is refused.
 */
import { z } from 'zod';

import { buildGlobalState, type KqlSchema } from './kqlSchema';
import { kustoLanguage, listToArray } from './kustoLanguage';
import { suggestNames } from './nameSuggestions';
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
  const code = kustoLanguage().KustoCode.ParseAndAnalyze(query, buildGlobalState(schema));
  const tableNames = Object.keys(schema.tables);
  const locate = lineLocator(query);

  const diagnostics: KqlDiagnostic[] = [];
  for (const diagnostic of listToArray(code.GetDiagnostics())) {
    const severity = diagnostic.Severity.toLowerCase();
    if (severity !== 'error') continue;
    const { line, column } = locate(diagnostic.Start);
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

  const references = tableReferences(code.Syntax, tableNames);
  if (options.allowedTables) {
    const allowed = new Set(options.allowedTables);
    const refused = references.filter((reference) => !allowed.has(reference.table));
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
