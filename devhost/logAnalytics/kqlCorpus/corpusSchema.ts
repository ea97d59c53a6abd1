/**
 * The workspace the corpus is measured against: Microsoft's documented table schema
 * (`test/fixtures/kql-corpus/schema.json`) as the metadata API would give it, the component scope
 * (workspace tables plus the classic Application Insights ones), and empty emulator tables of the
 * same shape with the standard columns every table has, so a covered query is one the emulator runs, with rows or without.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

import { KustoScalarTypeSchema, withClassicAppInsightsTables, withStandardColumns, type KqlSchema } from '../../../shared/kql';
import { classicTablesFrom } from '../data/classicAppInsightsTables';
import type { KqlDatabase, KqlTable } from '../kql';

const TablesSchema = z.record(z.string().min(1), z.record(z.string().min(1), KustoScalarTypeSchema));

const CorpusSchemaFileSchema = z.object({
  tables: TablesSchema,
  /** The classic tables with the types Microsoft documents for them (`success` is a string there). */
  classicAppInsights: TablesSchema,
});

/** The schemas and emulator databases of the two query scopes. */
interface CorpusWorkspace {
  /** Workspace tables, as listed by the table reference (no hidden standard columns). */
  workspace: KqlSchema;
  /** A component's scope as production builds it: workspace tables plus the classic names. */
  component: KqlSchema;
  /** Workspace tables plus the classic ones as Microsoft documents them, for deciding validity independently of the project's mapping. */
  documentedComponent: KqlSchema;
  workspaceDatabase: KqlDatabase;
  componentDatabase: KqlDatabase;
}

function emptyTables(tables: KqlSchema['tables']): Map<string, KqlTable> {
  return new Map(
    Object.entries(tables).map(([name, columns]) => [name, { name, columns: Object.entries(columns).map(([column, type]) => ({ name: column, type })), rows: [] }]),
  );
}

/** Loads `schema.json` of the fixture directory. */
function loadCorpusWorkspace(fixtureDir: string): CorpusWorkspace {
  const file = CorpusSchemaFileSchema.parse(JSON.parse(readFileSync(join(fixtureDir, 'schema.json'), 'utf8')));
  const workspace: KqlSchema = { tables: file.tables };
  // A real workspace's tables have the standard columns even where the reference omits them.
  const workspaceTables = emptyTables(withStandardColumns(workspace).tables);
  const componentTables = new Map(workspaceTables);
  for (const table of classicTablesFrom(workspaceTables)) componentTables.set(table.name, table);
  return {
    workspace,
    component: withClassicAppInsightsTables(workspace),
    documentedComponent: { tables: { ...file.tables, ...file.classicAppInsights } },
    workspaceDatabase: { tables: workspaceTables },
    componentDatabase: { tables: componentTables },
  };
}

export type { CorpusWorkspace };
export { loadCorpusWorkspace };
