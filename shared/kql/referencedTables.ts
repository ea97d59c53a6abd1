/**
 * Which workspace tables an analysed query reads, found by walking the parser's syntax tree, so
 * a query can be refused when it reaches outside the tables a plan allows.
 */
import { symbolClassName, syntaxClassName, visitSyntax, type KustoSyntaxNode } from './kustoLanguage';

/**
 * Names of the known tables the query references anywhere: the main pipeline, `union` legs
 * (including wildcards such as `App*`), `join` right sides, `let` bodies and `table("...")`.
 * `let` variables are not tables and are skipped; only names in `knownTables` are returned.
 */
function referencedTables(syntax: KustoSyntaxNode, knownTables: ReadonlyArray<string>): string[] {
  return [...new Set(tableReferences(syntax, knownTables).map((reference) => reference.table))].sort();
}

/** Every reference to a known table with the offset where it appears, in query order. */
function tableReferences(
  syntax: KustoSyntaxNode,
  knownTables: ReadonlyArray<string>,
): Array<{ table: string; offset: number }> {
  const known = new Set(knownTables);
  const found: Array<{ table: string; offset: number }> = [];
  const add = (table: string, node: KustoSyntaxNode): void => {
    found.push({ table, offset: node.TextStart });
  };
  visitSyntax(syntax, (node) => {
    if (node.IsToken) return;
    const className = syntaxClassName(node);
    if (className === 'NameReference') {
      const wildcard = wildcardPattern(node);
      if (wildcard) {
        for (const table of knownTables) if (wildcard.test(table)) add(table, node);
        return;
      }
      const symbol = node.ReferencedSymbol;
      if (symbol && symbolClassName(symbol) === 'TableSymbol' && known.has(symbol.Name)) add(symbol.Name, node);
      return;
    }
    if (className === 'FunctionCallExpression') {
      const symbol = node.ResultType;
      const callee = node.GetChild(0);
      // table("Name") resolves to the table's type; its name is the table's name.
      if (callee?.ToString().trim() === 'table' && symbol && known.has(symbol.Name)) add(symbol.Name, node);
    }
  });
  return found;
}

// A union leg like `App*` is a NameReference wrapping a WildcardedName.
function wildcardPattern(node: KustoSyntaxNode): RegExp | undefined {
  const name = node.GetChild(0);
  if (!name || syntaxClassName(name) !== 'WildcardedName') return undefined;
  const text = name.ToString().trim();
  const escaped = text.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

export { referencedTables, tableReferences };
