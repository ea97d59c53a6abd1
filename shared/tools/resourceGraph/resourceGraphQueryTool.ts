import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { z } from 'zod';
import { jsonSafe } from '../capRows';
import type { QueryLimits } from '../queryLimits';
import type { ToolDefinition } from '../tool';
import { startToolRun } from '../toolRun';
import { describeUpstreamError } from '../upstreamError';

/** What the tool is built from. */
interface ResourceGraphQueryToolOptions {
  client: ResourceGraphClient;
  /** The subscriptions every query is scoped to (never wider). */
  subscriptions: ReadonlyArray<string>;
  limits: QueryLimits;
}

const resourceGraphQueryParametersSchema = z.object({
  query: z
    .string()
    .min(1)
    .max(20_000)
    .describe("Resource Graph KQL, e.g. Resources | where type =~ 'microsoft.web/sites' | project name, location, properties.state"),
});

type ResourceGraphQueryParameters = z.output<typeof resourceGraphQueryParametersSchema>;
type RequestOptions = NonNullable<Extract<Parameters<ResourceGraphClient['resources']>[1], { abortSignal?: unknown }>>;

// Resource Graph refuses `top` above 1000.
const SERVICE_MAX_TOP = 1000;

/**
 * `resource_graph_query`: Azure Resource Graph KQL over the configured subscriptions only; rows
 * are returned as objects, capped by count and bytes.
 */
function createResourceGraphQueryTool(options: ResourceGraphQueryToolOptions): ToolDefinition<typeof resourceGraphQueryParametersSchema> {
  if (options.subscriptions.length === 0) throw new RangeError('resource_graph_query needs at least one subscription');
  const subscriptions = [...options.subscriptions];
  return {
    name: 'resource_graph_query',
    description:
      'Queries Azure Resource Graph (current configuration of resources) with KQL over the subscriptions this deployment ' +
      'watches. Use it to find the resources involved in an incident and their state: SKU, region, tags, provisioning and ' +
      'power state, app settings references, network rules, which resources share a plan or subnet; and the `resourcechanges` ' +
      'table for recent changes. Tables: Resources, ResourceContainers, HealthResources, resourcechanges... It returns rows ' +
      'as objects, capped; project only the columns you need.',
    readOnly: true,
    parameters: resourceGraphQueryParametersSchema,
    auditDescription: (params: ResourceGraphQueryParameters) => {
      const line = params.query.trim().split('\n')[0] ?? '';
      return `Resource Graph: ${line.length > 120 ? `${line.slice(0, 117)}...` : line}`;
    },
    async execute(params, context) {
      const run = startToolRun({ tool: 'resource_graph_query', invocation: params.query });
      try {
        const signals = [AbortSignal.timeout(options.limits.serverTimeoutSeconds * 1000), ...(context.signal ? [context.signal] : [])];
        const response = await options.client.resources(
          {
            subscriptions,
            query: params.query,
            options: { top: Math.min(options.limits.maxRows, SERVICE_MAX_TOP), resultFormat: 'objectArray' },
          },
          // ms-rest-js types its own AbortSignalLike (older DOM typings); Node's AbortSignal fits at runtime.
          { abortSignal: AbortSignal.any(signals) as unknown as RequestOptions['abortSignal'] },
        );
        const all: unknown[] = Array.isArray(response.data) ? (response.data as unknown[]) : [];
        const rows: unknown[] = [];
        let bytes = 0;
        let cutByBytes = false;
        // `top` already limits the page; the slice also holds the cap if a service ignores it.
        for (const row of all.slice(0, options.limits.maxRows)) {
          const safe = jsonSafe(row);
          const size = Buffer.byteLength(JSON.stringify(safe)) + 1;
          if (bytes + size > options.limits.maxBytes) {
            cutByBytes = true;
            break;
          }
          bytes += size;
          rows.push(safe);
        }
        const totalRecords = typeof response.totalRecords === 'number' ? response.totalRecords : all.length;
        const truncated = cutByBytes || rows.length < totalRecords;
        const data = {
          subscriptions,
          totalRecords,
          returnedRows: rows.length,
          ...(truncated
            ? {
                truncated: { reason: cutByBytes ? 'max_bytes' : 'max_rows', limit: cutByBytes ? options.limits.maxBytes : options.limits.maxRows },
                note: `Only ${rows.length} of ${totalRecords} rows are shown. Narrow the query (where, project, summarize) to see the rest.`,
              }
            : {}),
          rows,
        };
        if (totalRecords === 0) return run.noData(data, `Resource Graph over ${subscriptions.length} subscription(s): no rows`);
        return run.success(
          data,
          `Resource Graph over ${subscriptions.length} subscription(s): ${totalRecords} rows` +
            (truncated ? `; truncated to ${rows.length}` : ''),
        );
      } catch (error) {
        const info = describeUpstreamError(error);
        return run.error(info.code, info.message, {
          ...(info.status === undefined ? {} : { status: info.status }),
          ...(info.body === undefined ? {} : { body: info.body }),
        });
      }
    },
  };
}

export { createResourceGraphQueryTool, resourceGraphQueryParametersSchema };
export type { ResourceGraphQueryToolOptions, ResourceGraphQueryParameters };
