import { createDefaultHttpClient, createPipelineRequest, type Pipeline } from '@azure/core-rest-pipeline';
import { z } from 'zod';
import { KustoScalarTypeSchema, kqlSchemaFromTables, type KqlSchema, type KustoScalarType } from '../../kql';

/** The part of `GET /v1/workspaces/{id}/metadata` the tools use (unknown fields are dropped). */
const WorkspaceMetadataSchema = z.object({
  tables: z
    .array(
      z.object({
        name: z.string().min(1),
        description: z.string().nullish(),
        timespanColumn: z.string().nullish(),
        columns: z
          .array(z.object({ name: z.string().min(1), type: z.string(), description: z.string().nullish() }))
          .default([]),
      }),
    )
    .default([]),
  /** Saved functions: `parameters` is the declaration without parentheses, e.g. `"name:string"`. */
  functions: z
    .array(z.object({ name: z.string().min(1), body: z.string().min(1), parameters: z.string().nullish() }))
    .default([]),
});

/** One column as the model sees it. */
interface WorkspaceColumn {
  name: string;
  type: KustoScalarType;
  description?: string;
}

/** One table as the model sees it. */
interface WorkspaceTable {
  name: string;
  description?: string;
  /** The column time filters apply to (usually TimeGenerated). */
  timespanColumn?: string;
  columns: WorkspaceColumn[];
}

/** A workspace's tables, and the same as a schema for KQL validation. */
interface WorkspaceSchema {
  tables: WorkspaceTable[];
  kql: KqlSchema;
}

const KNOWN_TYPES = new Set<string>(KustoScalarTypeSchema.options);

// The API spells a few types differently from Kusto (`Int32`, `System.String`, `double`): map the
// aliases, and read anything else as dynamic so validation never rejects a column it cannot type.
function toScalarType(type: string): KustoScalarType {
  const lower = type.toLowerCase().replace(/^system\./, '');
  if (KNOWN_TYPES.has(lower)) return lower as KustoScalarType;
  const aliases: Record<string, KustoScalarType> = {
    int32: 'int', int64: 'long', double: 'real', float: 'real', boolean: 'bool', date: 'datetime', object: 'dynamic',
  };
  return aliases[lower] ?? 'dynamic';
}

/** Thrown when the metadata route answers with an HTTP error (the tools turn it into an error result). */
class WorkspaceMetadataError extends Error {
  public readonly statusCode: number;
  public readonly body: unknown;

  public constructor(statusCode: number, body: unknown) {
    const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    super(error?.message ?? `workspace metadata request failed with HTTP ${statusCode}`);
    this.name = 'WorkspaceMetadataError';
    this.statusCode = statusCode;
    this.body = body;
  }
}

/**
 * Reads a workspace's tables from `GET {origin}/v1/workspaces/{id}/metadata`, which
 * `LogsQueryClient` does not expose, through the client's own pipeline so the request carries the
 * same credential, TLS settings and retry policy as the queries.
 *
 * @throws WorkspaceMetadataError for HTTP errors, or the pipeline's error for network failures.
 */
async function fetchWorkspaceSchema(
  pipeline: Pipeline,
  logsOrigin: string,
  workspaceId: string,
  signal?: AbortSignal,
): Promise<WorkspaceSchema> {
  const request = createPipelineRequest({
    url: `${logsOrigin}/v1/workspaces/${encodeURIComponent(workspaceId)}/metadata`,
    method: 'GET',
    ...(signal ? { abortSignal: signal } : {}),
  });
  request.headers.set('accept', 'application/json');
  const response = await pipeline.sendRequest(createDefaultHttpClient(), request);
  let body: unknown;
  try {
    body = response.bodyAsText ? (JSON.parse(response.bodyAsText) as unknown) : undefined;
  } catch {
    body = response.bodyAsText;
  }
  if (response.status !== 200) throw new WorkspaceMetadataError(response.status, body);
  const parsed = WorkspaceMetadataSchema.parse(body);
  const tables: WorkspaceTable[] = parsed.tables
    .map((table) => ({
      name: table.name,
      ...(table.description ? { description: table.description } : {}),
      ...(table.timespanColumn ? { timespanColumn: table.timespanColumn } : {}),
      columns: table.columns.map((column) => ({
        name: column.name,
        type: toScalarType(column.type),
        ...(column.description ? { description: column.description } : {}),
      })),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const functions = parsed.functions.map((fn) => ({ name: fn.name, body: fn.body, ...(fn.parameters ? { parameters: fn.parameters } : {}) }));
  return { tables, kql: { ...kqlSchemaFromTables(tables), ...(functions.length > 0 ? { functions } : {}) } };
}

export { fetchWorkspaceSchema, WorkspaceMetadataError, WorkspaceMetadataSchema };
export type { WorkspaceSchema, WorkspaceTable, WorkspaceColumn };
