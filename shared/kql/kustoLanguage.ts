/**
 * A small typed facade over Microsoft's Kusto parser (`@kusto/language-service-next`).
 *
 * The package is a Bridge.NET translation of the C# `Kusto.Language` library: it installs its
 * API on the global `Kusto.Language` and ships no usable module types, so this file declares
 * only the members the responder uses. Loading costs about 1.3 s, so it happens once per process.
 */

/** Any symbol the analyser binds a name to (column, table, variable, function, type). */
interface KustoSymbol {
  readonly Name: string;
  readonly constructor: { readonly $$name: string };
}

/** A read-only .NET list as exposed by the bridge. */
interface KustoList<T> {
  readonly Count: number;
  getItem(index: number): T;
}

/** A column of a table or tuple type. */
interface KustoColumnSymbol extends KustoSymbol {
  readonly Type: KustoSymbol;
}

/** A type: scalar types have only a `Name`; table and tuple types also have `Columns`. */
interface KustoTypeSymbol extends KustoSymbol {
  readonly Columns?: KustoList<KustoColumnSymbol>;
}

/** One node (or token) of the syntax tree. */
interface KustoSyntaxNode {
  readonly IsToken: boolean;
  readonly Kind: number;
  readonly ChildCount: number;
  /** Start of the node's text (after leading trivia), as an offset into the query. */
  readonly TextStart: number;
  /** Only on tokens. */
  readonly Text?: string;
  /** Set by `ParseAndAnalyze`: the expression's type (a table type for tabular expressions). */
  readonly ResultType: KustoTypeSymbol | null;
  /** Set by `ParseAndAnalyze`: what a name or call refers to. */
  readonly ReferencedSymbol: KustoSymbol | null;
  readonly constructor: { readonly $$name: string };
  GetChild(index: number): KustoSyntaxNode | null;
  ToString(): string;
}

/** A parser or analyser diagnostic. */
interface KustoDiagnostic {
  readonly Start: number;
  readonly Length: number;
  readonly Severity: string;
  readonly Code: string;
  readonly Message: string;
}

/** The result of parsing (and possibly analysing) one query. */
interface KustoCodeInstance {
  readonly Syntax: KustoSyntaxNode;
  GetDiagnostics(): KustoList<KustoDiagnostic>;
}

/** The analyser's view of the world: which cluster/database/tables exist. */
interface KustoGlobalState {
  WithCluster(cluster: KustoSymbol): KustoGlobalState;
  WithDatabase(database: KustoSymbol): KustoGlobalState;
}

/** The subset of the global `Kusto.Language` namespace used here. */
interface KustoLanguageApi {
  readonly KustoCode: {
    Parse(text: string): KustoCodeInstance;
    ParseAndAnalyze(text: string, globals: KustoGlobalState): KustoCodeInstance;
  };
  readonly GlobalState: { readonly Default: KustoGlobalState };
  readonly Symbols: {
    readonly ScalarTypes: Readonly<Record<string, KustoSymbol>>;
    ColumnSymbol: new (name: string, type: KustoSymbol) => KustoColumnSymbol;
    TableSymbol: { $ctor4: new (name: string, columns: KustoColumnSymbol[]) => KustoTypeSymbol };
    DatabaseSymbol: { $ctor2: new (name: string, alternateName: string | null, members: KustoSymbol[]) => KustoSymbol };
    /** `$ctor16(name, "(a:string, n:int)", "{ body }", description)`: a function the analyser expands. */
    FunctionSymbol: { $ctor16: new (name: string, parameterList: string, body: string, description: string | null) => KustoSymbol };
    ClusterSymbol: { $ctor1: new (name: string, databases: KustoSymbol[]) => KustoSymbol };
  };
}

let loaded: KustoLanguageApi | undefined;

/** The parser's API, loading it on first use (about 1.3 s) and reusing it afterwards. */
function kustoLanguage(): KustoLanguageApi {
  if (loaded) return loaded;
  // The bridge runtime must be installed before the library that uses it; both attach to globals.
  require('@kusto/language-service-next/bridge.min.js');
  require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');
  const root = (globalThis as unknown as { Kusto?: { Language?: KustoLanguageApi } }).Kusto;
  if (!root?.Language) throw new Error('@kusto/language-service-next did not install the global Kusto.Language');
  loaded = root.Language;
  return loaded;
}

/** The parser's class name of a node without its namespace, e.g. `FilterOperator`, `SyntaxList`. */
function syntaxClassName(node: KustoSyntaxNode): string {
  const full = node.constructor.$$name;
  const generic = full.indexOf('$');
  const plain = generic >= 0 ? full.slice(0, generic) : full;
  return plain.slice(plain.lastIndexOf('.') + 1).replace(/^SyntaxToken\+/, '');
}

/** The class name of a symbol without its namespace, e.g. `TableSymbol`, `ColumnSymbol`. */
function symbolClassName(symbol: KustoSymbol): string {
  const full = symbol.constructor.$$name;
  return full.slice(full.lastIndexOf('.') + 1);
}

/** Non-null children of a node, tokens included. */
function childrenOf(node: KustoSyntaxNode): KustoSyntaxNode[] {
  const result: KustoSyntaxNode[] = [];
  if (node.IsToken) return result;
  for (let i = 0; i < node.ChildCount; i++) {
    const child = node.GetChild(i);
    if (child) result.push(child);
  }
  return result;
}

/** Depth-first visit of every node and token. */
function visitSyntax(node: KustoSyntaxNode, visit: (node: KustoSyntaxNode) => void): void {
  visit(node);
  for (const child of childrenOf(node)) visitSyntax(child, visit);
}

/** Items of a .NET list as a JS array. */
function listToArray<T>(list: KustoList<T>): T[] {
  const result: T[] = [];
  for (let i = 0; i < list.Count; i++) result.push(list.getItem(i));
  return result;
}

export type {
  KustoSymbol,
  KustoList,
  KustoColumnSymbol,
  KustoTypeSymbol,
  KustoSyntaxNode,
  KustoDiagnostic,
  KustoCodeInstance,
  KustoGlobalState,
  KustoLanguageApi,
};
export { kustoLanguage, syntaxClassName, symbolClassName, childrenOf, visitSyntax, listToArray };
