/**
 * Azure Resource Graph: `POST /providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01`
 * (what `ResourceGraphClient.resources()` of `@azure/arm-resourcegraph` 4.x sends). The query
 * runs with the local KQL evaluator over a `Resources` table built from the scenarios.
 */
import { z } from 'zod';

import type { KustoScalarType } from '../../../shared/kql';
import { executeKql, type KqlDatabase, type KqlTable } from '../kql';
import type { TelemetryStore } from '../data/telemetryStore';
import { armError, type EmulatorHttpError } from './apiErrors';

const QueryRequestSchema = z.object({
  subscriptions: z.array(z.string()).optional(),
  managementGroups: z.array(z.string()).optional(),
  query: z.string().min(1),
  options: z
    .object({
      skipToken: z.string().optional(),
      top: z.number().int().min(1).max(1000).optional(),
      skip: z.number().int().min(0).optional(),
      resultFormat: z.enum(['table', 'objectArray']).optional(),
      allowPartialScopes: z.boolean().optional(),
    })
    .optional(),
  facets: z
    .array(
      z.object({
        expression: z.string().min(1),
        options: z
          .object({ sortBy: z.string().optional(), sortOrder: z.enum(['asc', 'desc']).optional(), filter: z.string().optional(), top: z.number().int().min(1).max(1000).optional() })
          .optional(),
      }),
    )
    .optional(),
});

// Resource Graph reports its own column types rather than Kusto's.
const ARG_TYPE: Readonly<Record<KustoScalarType, string>> = {
  string: 'string',
  guid: 'string',
  datetime: 'datetime',
  timespan: 'string',
  int: 'integer',
  long: 'integer',
  real: 'number',
  decimal: 'number',
  bool: 'boolean',
  dynamic: 'object',
};

function invalidQuery(message: string): EmulatorHttpError {
  return armError(400, 'BadRequest', `Please provide below info when asking for support: timestamp = ${new Date().toISOString()}, correlationId = ${crypto.randomUUID()}.`, [
    { code: 'InvalidQuery', message: 'Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying.' },
    { code: 'ParserFailure', message },
  ]);
}

function run(query: string, database: KqlDatabase, now: Date): KqlTable {
  try {
    return executeKql(query, database, { now }).tables[0] ?? { name: 'PrimaryResult', columns: [], rows: [] };
  } catch (error) {
    throw invalidQuery((error as Error).message);
  }
}

function asObjects(table: KqlTable): Array<Record<string, unknown>> {
  return table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c.name, row[i]])));
}

/**
 * Answers a Resource Graph query: `{totalRecords, count, data, facets, resultTruncated, $skipToken?}`.
 *
 * @throws {EmulatorHttpError} `BadRequest` with `InvalidQuery` details for a bad query.
 */
function runResourceGraphQuery(rawBody: unknown, store: TelemetryStore, now: Date): Record<string, unknown> {
  const parsed = QueryRequestSchema.safeParse(rawBody);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw armError(400, 'BadRequest', `The request content was invalid: ${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  const request = parsed.data;
  const base = store.resourceGraphDatabase().tables.get('Resources')!;
  const scoped = request.subscriptions?.length
    ? { ...base, rows: base.rows.filter((row) => request.subscriptions!.some((s) => s.toLowerCase() === String(row[7]).toLowerCase())) }
    : base;
  const database: KqlDatabase = { tables: new Map([['Resources', scoped], ['resources', { ...scoped, name: 'resources' }]]) };

  const result = run(request.query, database, now);
  const skip = request.options?.skipToken ? Number(Buffer.from(request.options.skipToken, 'base64').toString('utf8')) || 0 : (request.options?.skip ?? 0);
  const top = request.options?.top ?? 100;
  const page: KqlTable = { ...result, rows: result.rows.slice(skip, skip + top) };
  const nextSkip = skip + page.rows.length;
  const data =
    request.options?.resultFormat === 'table'
      ? { columns: page.columns.map((c) => ({ name: c.name, type: ARG_TYPE[c.type] })), rows: page.rows }
      : asObjects(page);

  const facets = (request.facets ?? []).map((facet) => {
    const top = facet.options?.top ?? 10;
    const order = facet.options?.sortOrder ?? 'desc';
    const sortBy = facet.options?.sortBy ?? 'count';
    const filtered = facet.options?.filter ? `| where ${facet.options.filter} ` : '';
    try {
      const table = executeKql(`${request.query} ${filtered}| summarize count = count() by ${facet.expression} | order by ${sortBy} ${order} | take ${top}`, database, { now }).tables[0]!;
      const totalRecords = executeKql(`${request.query} ${filtered}| summarize by ${facet.expression} | count`, database, { now }).tables[0]!.rows[0]![0] as number;
      return { expression: facet.expression, resultType: 'FacetResult', totalRecords, count: table.rows.length, data: asObjects(table) };
    } catch (error) {
      return { expression: facet.expression, resultType: 'FacetError', errors: [{ code: 'InvalidFacet', message: (error as Error).message }] };
    }
  });

  return {
    totalRecords: result.rows.length,
    count: page.rows.length,
    data,
    facets,
    resultTruncated: 'false',
    ...(nextSkip < result.rows.length ? { $skipToken: Buffer.from(String(nextSkip), 'utf8').toString('base64') } : {}),
  };
}

export { runResourceGraphQuery };
