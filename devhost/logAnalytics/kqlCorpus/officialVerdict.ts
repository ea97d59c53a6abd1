/**
 * Whether a corpus query is valid, decided by Microsoft's analyser (`Kusto.Language`) alone over
 * the documented schema, independently of the project's validator: a query is valid in workspace
 * scope, or else in component scope (workspace tables plus the classic Application Insights
 * tables as Microsoft documents them), when the analyser reports no error. Every table also has
 * the documented standard columns. Azure Monitor's `workspace()`, `app()` and `resource()` are
 * unknown to the analyser, so each is mapped onto Azure Data Explorer's equivalent,
 * `database("…")`, naming a database with the target's tables (a component's for `app()`).
 */
import {
  buildGlobalState,
  crossResourceCalls,
  kustoLanguage,
  listToArray,
  withStandardColumns,
  type KqlSchema,
} from '../../../shared/kql';
import type { CorpusWorkspace } from './corpusSchema';

/** The analyser's verdict: valid in a scope, or the first error it reports. */
type OfficialVerdict = { valid: true; scope: 'workspace' | 'component' } | { valid: false; error: string };

function officialVerdict(query: string, corpus: CorpusWorkspace): OfficialVerdict {
  const workspace = withStandardColumns(corpus.workspace);
  const component = withStandardColumns(corpus.documentedComponent);
  const databases = new Map<string, KqlSchema>();
  let text = '';
  let copied = 0;
  for (const call of crossResourceCalls(query)) {
    const name = `${call.fn}:${call.id}`;
    databases.set(name, call.fn === 'app' ? component : workspace);
    text += `${query.slice(copied, call.start)}database(${JSON.stringify(name)})`;
    copied = call.start + call.length;
  }
  text += query.slice(copied);
  let firstError = '';
  for (const [scope, schema] of [['workspace', workspace], ['component', component]] as const) {
    const code = kustoLanguage().KustoCode.ParseAndAnalyze(text, buildGlobalState(schema, databases));
    const errors = listToArray(code.GetDiagnostics()).filter((diagnostic) => diagnostic.Severity === 'Error');
    if (errors.length === 0) return { valid: true, scope };
    firstError ||= errors[0]!.Message;
  }
  return { valid: false, error: firstError };
}

export type { OfficialVerdict };
export { officialVerdict };
