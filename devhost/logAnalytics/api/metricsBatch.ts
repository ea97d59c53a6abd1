/**
 * The Azure Monitor metrics data-plane batch API that `MetricsClient.queryResources` calls:
 * `POST /subscriptions/{sub}/metrics:getBatch?metricnamespace=&metricnames=&starttime=&endtime=&interval=&aggregation=&filter=`
 * with body `{resourceids: [...]}`; answers `{values: [{starttime, endtime, interval, namespace,
 * resourceregion, resourceid, value: [metric]}]}`.
 */
import { z } from 'zod';

import type { LoadedMetricSeries } from '../data/scenarioLoader';
import type { MetricAggregation } from '../data/scenarioFormat';
import type { TelemetryStore } from '../data/telemetryStore';
import { armError } from './apiErrors';
import { formatIsoDuration, parseIsoDuration } from './isoTimespan';

const BatchBodySchema = z.object({ resourceids: z.array(z.string().min(1)).min(1).max(50) });

const AGGREGATION_FIELD: Readonly<Record<MetricAggregation, 'average' | 'minimum' | 'maximum' | 'total' | 'count'>> = {
  Average: 'average',
  Minimum: 'minimum',
  Maximum: 'maximum',
  Total: 'total',
  Count: 'count',
};

/** The query-string parameters of the call (names as the service spells them). */
interface MetricsBatchParams {
  metricnamespace?: string | null;
  metricnames?: string | null;
  starttime?: string | null;
  endtime?: string | null;
  interval?: string | null;
  aggregation?: string | null;
  filter?: string | null;
  top?: string | null;
}

function parseAggregations(text: string | null | undefined): MetricAggregation[] | undefined {
  if (!text) return undefined;
  return text.split(',').map((raw) => {
    const name = raw.trim().toLowerCase();
    const found = (Object.keys(AGGREGATION_FIELD) as MetricAggregation[]).find((a) => a.toLowerCase() === name);
    if (!found) throw armError(400, 'BadRequest', `Invalid aggregation '${raw.trim()}'. Valid values: Average, Minimum, Maximum, Total, Count`);
    return found;
  });
}

/** `dim eq 'value'` clauses joined by `and`; `'*'` splits by the dimension without filtering. */
function parseFilter(filter: string | null | undefined): Array<{ dimension: string; values: string[] | '*' }> {
  if (!filter) return [];
  return filter.split(/\s+and\s+/i).map((clause) => {
    const alternatives = clause.replace(/^\(|\)$/g, '').split(/\s+or\s+/i).map((part) => /^\s*([\w.\-/ ]+?)\s+eq\s+'([^']*)'\s*$/i.exec(part));
    if (alternatives.some((m) => !m) || new Set(alternatives.map((m) => m![1]!.toLowerCase())).size !== 1) {
      throw armError(400, 'BadRequest', `Unsupported metric filter '${clause}': use "Dimension eq 'value'" joined by and/or`);
    }
    const values = alternatives.map((m) => m![2]!);
    return { dimension: alternatives[0]![1]!, values: values.includes('*') ? '*' : values };
  });
}

function aggregate(values: number[], aggregation: MetricAggregation): number {
  switch (aggregation) {
    case 'Average':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'Minimum':
      return Math.min(...values);
    case 'Maximum':
      return Math.max(...values);
    case 'Total':
      return values.reduce((a, b) => a + b, 0);
    case 'Count':
      return values.length;
  }
}

/** Aggregates one series into buckets of `intervalMs` between start and end. */
function bucketise(series: LoadedMetricSeries[], start: number, end: number, intervalMs: number, aggregations: MetricAggregation[]) {
  const data: Array<Record<string, unknown>> = [];
  for (let bucket = start; bucket < end; bucket += intervalMs) {
    const samples: number[] = [];
    for (const s of series) {
      s.values.forEach((value, index) => {
        const at = s.start.getTime() + index * s.grainMs;
        if (value !== null && at >= bucket && at < Math.min(bucket + intervalMs, end)) samples.push(value);
      });
    }
    const point: Record<string, unknown> = { timeStamp: new Date(bucket).toISOString() };
    if (samples.length > 0) for (const a of aggregations) point[AGGREGATION_FIELD[a]] = aggregate(samples, a);
    data.push(point);
  }
  return data;
}

/**
 * Answers a `metrics:getBatch` call.
 *
 * @throws {EmulatorHttpError} in the ARM error shape for a bad parameter.
 */
function runMetricsBatch(params: MetricsBatchParams, rawBody: unknown, store: TelemetryStore, now: Date): Record<string, unknown> {
  const body = BatchBodySchema.safeParse(rawBody);
  if (!body.success) throw armError(400, 'BadRequest', 'The request body must be {"resourceids": [...]} with 1 to 50 resource ids');
  if (!params.metricnamespace) throw armError(400, 'BadRequest', 'metricnamespace is required');
  if (!params.metricnames) throw armError(400, 'BadRequest', 'metricnames is required');
  const names = params.metricnames.split(',').map((n) => n.trim()).filter(Boolean);
  const end = params.endtime ? Date.parse(params.endtime) : now.getTime();
  const start = params.starttime ? Date.parse(params.starttime) : end - 3_600_000;
  if (Number.isNaN(start) || Number.isNaN(end) || start >= end) throw armError(400, 'BadRequest', 'starttime and endtime must be ISO 8601 instants with starttime before endtime');
  const requestedInterval = params.interval ?? 'PT1M';
  const intervalMs = requestedInterval.toUpperCase() === 'FULL' ? end - start : parseIsoDuration(requestedInterval);
  if (intervalMs === undefined || intervalMs < 60_000) throw armError(400, 'BadRequest', `Invalid interval '${requestedInterval}': use an ISO 8601 duration of at least PT1M, or FULL`);
  const requestedAggregations = parseAggregations(params.aggregation);
  const filters = parseFilter(params.filter);

  const values = body.data.resourceids.map((resourceId) => {
    const available = store.metricSeries(resourceId, params.metricnamespace!);
    const metrics = names.map((name) => {
      const series = available.filter((s) => s.name.toLowerCase() === name.toLowerCase());
      if (series.length === 0) {
        return {
          id: `${resourceId}/providers/Microsoft.Insights/metrics/${name}`,
          type: 'Microsoft.Insights/metrics',
          name: { value: name, localizedValue: name },
          displayDescription: '',
          errorCode: 'BadRequest',
          errorMessage: `Metric '${name}' was not found for namespace '${params.metricnamespace}' on this resource in the emulator`,
          unit: 'Unspecified',
          timeseries: [],
        };
      }
      const aggregations = requestedAggregations ?? [series[0]!.primaryAggregation];
      const matching = series.filter((s) =>
        filters.every((f) => {
          const value = Object.entries(s.dimensions).find(([k]) => k.toLowerCase() === f.dimension.toLowerCase())?.[1];
          return f.values === '*' || (value !== undefined && f.values.includes(value));
        }),
      );
      // Split by the dimensions named in the filter; otherwise everything is one series.
      const splitBy = filters.map((f) => f.dimension);
      const groups = new Map<string, LoadedMetricSeries[]>();
      for (const s of matching) {
        const key = JSON.stringify(splitBy.map((d) => Object.entries(s.dimensions).find(([k]) => k.toLowerCase() === d.toLowerCase())?.[1] ?? ''));
        groups.set(key, [...(groups.get(key) ?? []), s]);
      }
      const timeseries = [...groups].map(([key, group]) => ({
        metadatavalues: (JSON.parse(key) as string[]).map((value, i) => ({ name: { value: splitBy[i]!.toLowerCase(), localizedValue: splitBy[i] }, value })),
        data: bucketise(group, start, end, intervalMs, aggregations),
      }));
      return {
        id: `${resourceId}/providers/Microsoft.Insights/metrics/${series[0]!.name}`,
        type: 'Microsoft.Insights/metrics',
        name: { value: series[0]!.name, localizedValue: series[0]!.name },
        displayDescription: series[0]!.description,
        errorCode: 'Success',
        unit: series[0]!.unit,
        timeseries,
      };
    });
    return {
      starttime: new Date(start).toISOString(),
      endtime: new Date(end).toISOString(),
      interval: formatIsoDuration(intervalMs),
      namespace: params.metricnamespace,
      resourceregion: store.regionOf(resourceId),
      resourceid: resourceId,
      value: metrics,
    };
  });
  return { values };
}

export type { MetricsBatchParams };
export { runMetricsBatch };
