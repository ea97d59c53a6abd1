import { FIXTURE, startTelemetryHarness, type TelemetryHarness } from '../telemetryHarness';

interface MetricsData {
  interval: string;
  metrics: Array<{
    name: string;
    unit: string;
    error?: { code: string; message: string };
    series: Array<{ dimensions: Record<string, string>; stats: { max: number | null; min: number | null; points: number }; points: Array<Record<string, unknown>> }>;
  }>;
  note?: string;
}

describe('metrics_query against the telemetry emulator', () => {
  let harness: TelemetryHarness;

  beforeAll(async () => {
    harness = await startTelemetryHarness();
  });

  afterAll(async () => {
    await harness.close();
  });

  it('returns the series with per-series statistics over the window', async () => {
    // Prepare: Http5xx is 0 per minute for 40 minutes, then 25 per minute.
    const args = {
      resourceId: FIXTURE.siteId,
      metricNamespace: 'Microsoft.Web/sites',
      metricNames: ['Http5xx'],
      aggregations: ['Total'],
      interval: 'PT5M',
      timespan: 'PT1H',
    };

    // Act
    const result = await harness.call('metrics_query', args);

    // Assess
    expect(result.status).toBe('success');
    expect(result.invocation).toBe(
      `metrics Microsoft.Web/sites/Http5xx of ${FIXTURE.siteId} aggregation=Total interval=PT5M`,
    );
    expect(result.timeRange).toEqual({ start: new Date(harness.now.getTime() - 3_600_000).toISOString(), end: harness.now.toISOString() });
    const data = result.data as MetricsData;
    expect(data.metrics[0]).toMatchObject({ name: 'Http5xx', unit: 'Count' });
    const series = data.metrics[0]?.series[0];
    expect(series?.stats.points).toBe(12);
    expect(series?.stats.max).toBe(125);
    expect(series?.stats.min).toBe(0);
    expect(typeof series?.points[0]?.['timeStamp']).toBe('string');
    expect(result.summary).toContain('Http5xx max 125');
  });

  it('picks a default grain that keeps a series short', async () => {
    // Prepare
    const args = { resourceId: FIXTURE.siteId, metricNamespace: 'Microsoft.Web/sites', metricNames: ['Http5xx'], timespan: 'P1D' };

    // Act
    const result = await harness.call('metrics_query', args);

    // Assess
    expect(result.invocation).toContain('interval=PT15M');
    expect((result.data as MetricsData).interval).toBe('PT15M');
  });

  it('returns an unknown metric as an error with the service message', async () => {
    // Prepare
    const args = { resourceId: FIXTURE.siteId, metricNamespace: 'Microsoft.Web/sites', metricNames: ['CpuTimeTypo'] };

    // Act
    const result = await harness.call('metrics_query', args);

    // Assess
    expect(result.status).toBe('error');
    expect(result.error?.message).toContain("CpuTimeTypo: Metric 'CpuTimeTypo' was not found");
  });

  it('returns an upstream HTTP error with its status', async () => {
    // Prepare: the service refuses grains under a minute.
    const args = { resourceId: FIXTURE.siteId, metricNamespace: 'Microsoft.Web/sites', metricNames: ['Http5xx'], interval: 'PT30S' };

    // Act
    const result = await harness.call('metrics_query', args);

    // Assess
    expect(result.status).toBe('error');
    expect(result.error?.code).toBe('BadRequest');
    expect(result.error?.message).toContain('Invalid interval');
    expect(result.error?.details).toMatchObject({ status: 400 });
  });

  it('returns no_data for a window without samples', async () => {
    // Prepare: the series starts 60 minutes ago.
    const end = new Date(harness.now.getTime() - 2 * 3_600_000).toISOString();
    const args = { resourceId: FIXTURE.siteId, metricNamespace: 'Microsoft.Web/sites', metricNames: ['Http5xx'], end, timespan: 'PT30M' };

    // Act
    const result = await harness.call('metrics_query', args);

    // Assess
    expect(result.status).toBe('no_data');
  });
});
