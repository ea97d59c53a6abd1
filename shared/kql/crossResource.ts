/**
 * Azure Monitor's cross-resource functions, `workspace("…")`, `app("…")` and `resource("…")`,
 * resolved against the workspaces and components configured for the tools.
 *
 * Microsoft's parser (`Kusto.Language`) models Azure Data Explorer's `cluster()` / `database()`
 * but not these Azure Monitor functions: it reports "The name 'workspace' does not refer to any
 * known function". So each call naming an in-scope target is rewritten, before analysis, to
 * `database("<kind>:<name>")`, and the analyser is given one database of that name holding the
 * target's schema; its tables are then checked like the query's own. Offsets of diagnostics in the
 * rewritten text are mapped back to the original query. A call naming anything else is refused
 * with the list of what is in scope.
 */
import type { KqlSchema } from './kqlSchema';
import { kustoLanguage, syntaxClassName, visitSyntax } from './kustoLanguage';

/** A workspace or an App Insights component a query may reach with a cross-resource function. */
interface CrossResourceTarget {
  kind: 'workspace' | 'app';
  /** The configured name (what the model picks, e.g. `law-a`). */
  name: string;
  /** Every other spelling that names it, compared case-insensitively: GUID, ARM id, resource name. */
  aliases: readonly string[];
  /** The id the service resolves whatever the configured name: workspace GUID, component ARM id. */
  serviceId: string;
  /** Tables (and functions) of the target as its query API sees them. */
  schema: KqlSchema;
}

/** One `workspace("x")`, `app("x")` or `resource("x")` call with a literal argument. */
interface CrossResourceCall {
  fn: 'workspace' | 'app' | 'resource';
  id: string;
  /** Offset and length of the whole call in the query text. */
  start: number;
  length: number;
}

/** The query rewritten for the analyser, the databases it needs, and what could not be resolved. */
interface ResolvedCrossResource {
  text: string;
  databases: Map<string, KqlSchema>;
  /** Offset in `text` → offset in the original query. */
  originalOffset(offset: number): number;
  outOfScope: CrossResourceCall[];
}

const CALL = /^(workspace|app|resource)\s*\(\s*(?:"([^"]*)"|'([^']*)')\s*\)$/;

/** The cross-resource calls of a query, in text order, found with the parser (not a regex over the text). */
function crossResourceCalls(query: string): CrossResourceCall[] {
  const calls: CrossResourceCall[] = [];
  visitSyntax(kustoLanguage().KustoCode.Parse(query).Syntax, (node) => {
    if (node.IsToken || syntaxClassName(node) !== 'FunctionCallExpression') return;
    const text = node.ToString().trim();
    const match = CALL.exec(text);
    if (!match) return;
    calls.push({ fn: match[1] as CrossResourceCall['fn'], id: match[2] ?? match[3] ?? '', start: node.TextStart, length: text.length });
  });
  return calls.sort((a, b) => a.start - b.start);
}

/** The configured target a call names, if any: `workspace()` names workspaces, `app()` components, `resource()` either by ARM id. */
function targetOf(call: CrossResourceCall, targets: readonly CrossResourceTarget[]): CrossResourceTarget | undefined {
  const id = call.id.trim().toLowerCase().replace(/\/+$/, '');
  return targets.find((target) => {
    if (call.fn === 'workspace' && target.kind !== 'workspace') return false;
    if (call.fn === 'app' && target.kind !== 'app') return false;
    const names = call.fn === 'resource' ? target.aliases.filter((alias) => alias.startsWith('/')) : [target.name, ...target.aliases];
    return names.some((name) => name.toLowerCase().replace(/\/+$/, '') === id);
  });
}

/** Rewrites every in-scope call to `database("<kind>:<name>")`; see the file comment. */
function resolveCrossResource(query: string, targets: readonly CrossResourceTarget[]): ResolvedCrossResource {
  const calls = crossResourceCalls(query);
  const databases = new Map<string, KqlSchema>();
  const outOfScope: CrossResourceCall[] = [];
  // Each replacement: where it starts in the new text, its new length, and the original span.
  const edits: Array<{ newStart: number; newLength: number; start: number; length: number }> = [];
  let text = '';
  let copied = 0;
  for (const call of calls) {
    const target = targetOf(call, targets);
    if (!target) {
      outOfScope.push(call);
      continue;
    }
    const database = `${target.kind}:${target.name}`;
    databases.set(database, target.schema);
    const replacement = `database(${JSON.stringify(database)})`;
    text += query.slice(copied, call.start);
    edits.push({ newStart: text.length, newLength: replacement.length, start: call.start, length: call.length });
    text += replacement;
    copied = call.start + call.length;
  }
  text += query.slice(copied);
  const originalOffset = (offset: number): number => {
    let shift = 0;
    for (const edit of edits) {
      if (offset < edit.newStart) break;
      if (offset < edit.newStart + edit.newLength) return edit.start;
      shift = edit.start + edit.length - (edit.newStart + edit.newLength);
    }
    return offset + shift;
  };
  return { text, databases, originalOffset, outOfScope };
}

/**
 * The query as sent to the service: each call naming a target by a configured name is rewritten
 * to name it by {@link CrossResourceTarget.serviceId}, since the configured names are this
 * deployment's aliases, which the service does not know.
 */
function toServiceQuery(query: string, targets: readonly CrossResourceTarget[]): string {
  let text = '';
  let copied = 0;
  for (const call of crossResourceCalls(query)) {
    const target = targetOf(call, targets);
    if (!target || call.fn === 'resource') continue;
    text += `${query.slice(copied, call.start)}${call.fn}(${JSON.stringify(target.serviceId)})`;
    copied = call.start + call.length;
  }
  return text + query.slice(copied);
}

/** What an out-of-scope call is told: which ids of its kind are in scope. */
function describeOutOfScope(call: CrossResourceCall, targets: readonly CrossResourceTarget[]): string {
  const kinds = call.fn === 'workspace' ? ['workspace'] : call.fn === 'app' ? ['app'] : ['workspace', 'app'];
  const inScope = targets
    .filter((target) => kinds.includes(target.kind))
    .map((target) => {
      const ids = call.fn === 'resource' ? target.aliases.filter((alias) => alias.startsWith('/')) : [target.name, ...target.aliases];
      return ids.length > 0 ? `${target.kind === 'app' ? 'app' : 'workspace'} ${ids.join(' / ')}` : '';
    })
    .filter((entry) => entry !== '');
  const what = call.fn === 'workspace' ? 'workspace' : call.fn === 'app' ? 'Application Insights component' : 'resource';
  return (
    `${call.fn}("${call.id}") does not name a ${what} configured for these tools; in scope: ` +
    `${inScope.length > 0 ? inScope.join('; ') : 'none'}.`
  );
}

export type { CrossResourceTarget, CrossResourceCall, ResolvedCrossResource };
export { crossResourceCalls, resolveCrossResource, describeOutOfScope, toServiceQuery };
