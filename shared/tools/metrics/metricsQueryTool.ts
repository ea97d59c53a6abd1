import type { MetricsClient } from '@azure/monitor-query-metrics';
import { z } from 'zod';
import { jsonSafe } from '../capRows';
import type { ToolDefinition } from '../tool';
import { startToolRun } from '../toolRun';
import { timeWindowParameters, type QueryLimits } from '../queryLimits';
import { formatIsoDuration, parseIsoDuration, resolveTimeWindow } from '../timeWindow';
import { describeUpstreamError } from '../upstreamError';

const AGGREGATIONS = ['Average', 'Minimum', 'Maximum', 'Total', 'Count'] as const;
const FIELD = { Average: 'average', Minimum: 'minimum', Maximum: 'maximum', Total: 'total', Count: 'count' } as const;
// Grains the metrics API accepts; the default picks the finest that keeps a series under ~120 points.
const GRAINS = ['PT1M', 'PT5M', 'PT15M', 'PT30M', 'PT1H', 'PT6H', 'PT12H', 'P1D'];

/** What the tool is built from. */
interface MetricsQueryToolOptions {
  /** The metrics client for a region (or the configured endpoint), or why there is none. */
  metricsFor: (region: string | undefined) => MetricsClient | { error: string };
  limits: QueryLimits;
}

function buildParameters(limits: QueryLimits) {
  return z.object({
    resourceId: z
      .string()
      .regex(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/.+/i, 'must be a full Azure resource id')
      .describe('ARM id of the resource, e.g. /subscriptions/…/resourceGroups/rg/providers/Microsoft.Web/sites/shop'),
    metricNamespace: z.string().min(1).describe('Metric namespace, usually the resource type: Microsoft.Web/sites, Microsoft.DBforPostgreSQL/flexibleServers'),
    metricNames: z.array(z.string().min(1)).min(1).max(20).describe('Metric names, e.g. ["Http5xx","AverageResponseTime"] or ["cpu_percent","active_connections"]'),
    aggregations: z.array(z.enum(AGGREGATIONS)).min(1).default(['Average']).describe('Aggregations per interval; default Average'),
    interval: z.string().optional().describe('ISO 8601 grain such as PT1M, PT5M, PT1H, or FULL for one value over the window; default: about 60-120 points'),
    filter: z.string().max(500).optional().describe("Dimension filter that also splits the series, e.g. \"Instance eq '*'\" or \"StatusCode eq '500'\""),
    region: z.string().regex(/^[a-z0-9]+$/).optional().describe('Azure region of the resource (e.g. eastus) when the deployment has no default metrics endpoint'),
    ...timeWindowParameters(limits),
  });
}

type MetricsQueryParameters = z.output<ReturnType<typeof buildParameters>>;

function defaultInterval(windowMs: number): string {
  return GRAINS.find((grain) => windowMs / (parseIsoDuration(grain) ?? 1) <= 120) ?? 'P1D';
}

interface SeriesStats {
  points: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  last: number | null;
}

function statsOf(values: Array<number | undefined>): SeriesStats {
  const present = values.filter((v): v is number => typeof v === 'number');
  if (present.length === 0) return { points: values.length, min: null, max: null, mean: null, last: null };
  return {
    points: values.length,
    min: Math.min(...present),
    max: Math.max(...present),
    mean: present.reduce((a, b) => a + b, 0) / present.length,
    last: present[present.length - 1] ?? null,
  };
}

/**
 * `metrics_query`: Azure Monitor platform metrics of one resource over a window, per aggregation
 * and interval, with min / max / mean / last of each series so a spike is visible without
 * reading every point. Points beyond the row cap are cut (the statistics still cover them).
 */
function createMetricsQueryTool(options: MetricsQueryToolOptions): ToolDefinition<ReturnType<typeof buildParameters>> {
  const parameters = buildParameters(options.limits);
  return {
    name: 'metrics_query',
    description:
      'Reads Azure Monitor platform metrics of one resource (CPU, memory, HTTP 5xx, response time, connections, DTU, ' +
      'queue length...) over a time window, with the aggregations and grain you choose. Use it to confirm or rule out ' +
      'saturation and error spikes around the alert time, and to compare before and after a change. Each series comes ' +
      'with min, max, mean and last value. Use a dimension filter such as "Instance eq \'*\'" to split by instance. ' +
      'Unknown metric names come back per metric with the service\'s error.',
    readOnly: true,
    parameters,
    auditDescription: (params: MetricsQueryParameters) =>
      `Metrics ${params.metricNames.join(', ')} (${params.aggregations.join('/')}) of ${params.resourceId.split('/').slice(-1)[0] ?? params.resourceId}`,
    async execute(params, context) {
      const window = resolveTimeWindow({
        timespan: params.timespan,
        end: params.end,
        defaultTimespan: options.limits.defaultTimespan,
        maxTimespan: options.limits.maxTimespan,
        now: context.now(),
      });
      const windowMs = 'error' in window ? 0 : window.end.getTime() - window.start.getTime();
      const interval = params.interval?.toUpperCase() ?? defaultInterval(windowMs);
      const invocation =
        `metrics ${params.metricNamespace}/${params.metricNames.join(',')} of ${params.resourceId} ` +
        `aggregation=${params.aggregations.join(',')} interval=${interval}${params.filter ? ` filter=${params.filter}` : ''}`;
      const run = startToolRun({ tool: 'metrics_query', invocation, ...('error' in window ? {} : { timeRange: window }) });
      if ('error' in window) return run.error('invalid_arguments', window.error);
      if (interval !== 'FULL' && parseIsoDuration(interval) === undefined) {
        return run.error('invalid_arguments', `interval '${params.interval}' is not an ISO 8601 duration such as PT5M, or FULL`);
      }
      const client = options.metricsFor(params.region);
      if ('error' in client) return run.error('not_configured', client.error);
      try {
        const signals = [AbortSignal.timeout(options.limits.serverTimeoutSeconds * 1000), ...(context.signal ? [context.signal] : [])];
        const results = await client.queryResources([params.resourceId], params.metricNames, params.metricNamespace, {
          startTime: window.start,
          endTime: window.end,
          interval,
          aggregation: params.aggregations.map((a) => a.toLowerCase()).join(','),
          ...(params.filter ? { filter: params.filter } : {}),
          // The public options type omits it, but the SDK forwards the options to its request
          // (operationOptionsToRequestParameters), so the call still honours the deadline.
          ...({ abortSignal: AbortSignal.any(signals) } as object),
        });
        const result = results[0];
        let pointBudget = options.limits.maxRows;
        let cut = false;
        const metrics = (result?.metrics ?? []).map((metric) => {
          const failed = metric.errorCode !== undefined && metric.errorCode !== 'Success';
          const series = (metric.timeseries ?? []).map((ts) => {
            const points = ts.data ?? [];
            const primary = FIELD[params.aggregations[0] ?? 'Average'];
            const stats = statsOf(points.map((p) => p[primary]));
            const kept = points.slice(0, Math.max(0, pointBudget));
            if (kept.length < points.length) cut = true;
            pointBudget -= kept.length;
            return {
              dimensions: Object.fromEntries((ts.metadatavalues ?? []).map((m) => [String(m.name ?? ''), m.value ?? ''])),
              stats,
              points: kept.map((p) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, jsonSafe(v)]))),
            };
          });
          return {
            name: metric.name,
            unit: metric.unit,
            ...(failed ? { error: { code: metric.errorCode, message: metric.errorMessage ?? '' } } : {}),
            series,
          };
        });
        const data = {
          resourceId: params.resourceId,
          namespace: params.metricNamespace,
          interval: result?.granularity ?? interval,
          timespan: formatIsoDuration(windowMs),
          ...(result?.resourceRegion ? { region: result.resourceRegion } : {}),
          metrics,
          ...(cut ? { note: `Points were cut at ${options.limits.maxRows}; stats cover every point. Use a coarser interval to see all points.` } : {}),
        };
        const failures = metrics.filter((m) => 'error' in m);
        if (metrics.length > 0 && failures.length === metrics.length) {
          const first = failures[0]?.error;
          return run.error(first?.code ?? 'metric_error', failures.map((m) => `${m.name}: ${m.error?.message}`).join('; '), data);
        }
        const hasValues = metrics.some((m) => m.series.some((s) => s.stats.min !== null));
        const capNote = window.cappedFrom ? ` (timespan ${window.cappedFrom} shortened to ${window.duration})` : '';
        const headline = metrics
          .filter((m) => !('error' in m))
          .map((m) => {
            const maxes = m.series.map((s) => s.stats.max).filter((v): v is number => v !== null);
            return maxes.length > 0 ? `${m.name} max ${Math.max(...maxes)}${m.unit ? ` ${m.unit}` : ''}` : `${m.name} no values`;
          })
          .join(', ');
        const failedNote = failures.length > 0 ? `; failed: ${failures.map((m) => m.name).join(', ')}` : '';
        if (!hasValues) return run.noData(data, `no metric values over ${window.duration}${capNote}${failedNote}`);
        return run.success(data, `${headline} over ${window.duration}${capNote}${failedNote}`);
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

export { createMetricsQueryTool };
export type { MetricsQueryToolOptions, MetricsQueryParameters };
