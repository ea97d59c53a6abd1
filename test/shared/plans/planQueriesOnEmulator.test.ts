import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { executeKql, KqlUnsupportedError, type KqlTable } from '../../../devhost/logAnalytics/kql';
import { bundledPlansDirectory, validatePlanSource } from '../../../shared/plans/loadPlans';
import { DirectoryPlanSource } from '../../../shared/plans/planSource';
import { repoRoot } from '../../helpers/devhostProcess';

/** Every table any bundled scenario serves (the schema the emulator answers with), with no rows. */
function scenarioTables(): Map<string, KqlTable> {
  const tables = new Map<string, KqlTable>();
  const scenarios = join(repoRoot, 'scenarios');
  for (const scenario of readdirSync(scenarios, { withFileTypes: true }).filter((d) => d.isDirectory() && /^\d\d_/.test(d.name))) {
    const dir = join(scenarios, scenario.name, 'tables');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl'))) {
      const header = JSON.parse(readFileSync(join(dir, file), 'utf8').split('\n', 1)[0]!) as { table: string; columns: KqlTable['columns'] };
      const known = tables.get(header.table);
      const columns = [...(known?.columns ?? []), ...header.columns.filter((c) => !known?.columns.some((k) => k.name === c.name))];
      tables.set(header.table, { name: header.table, columns, rows: [] });
    }
  }
  return tables;
}

describe('every KQL query of the bundled plans on the telemetry emulator', () => {
  it('runs without a construct the emulator refuses, so npm run eval exercises what production would run', async () => {
    // Prepare: the bundled plans' log and App Insights checks
    const { valid } = await validatePlanSource(new DirectoryPlanSource(bundledPlansDirectory(), bundledPlansDirectory()));
    const database = { tables: scenarioTables() };
    const queries = valid.flatMap((plan) =>
      plan.hypotheses.flatMap((h) =>
        (h.checks ?? [])
          .filter((check) => check.tool === 'log_analytics_query' || check.tool === 'app_insights_query')
          .map((check) => ({ where: `${plan.id}/${h.id}/${check.id}`, query: String((check.arguments as Record<string, unknown>).query ?? '') })),
      ),
    );

    // Act: run each one over the scenario schema (no rows: only the constructs matter here)
    const refused: string[] = [];
    for (const { where, query } of queries) {
      try {
        executeKql(query, database, { now: new Date('2026-01-01T00:00:00Z') });
      } catch (error) {
        refused.push(`${where}: ${error instanceof KqlUnsupportedError ? 'unsupported' : 'error'}: ${(error as Error).message}`);
      }
    }

    // Assess
    expect(queries.length).toBeGreaterThan(10);
    expect(refused).toEqual([]);
  });
});
