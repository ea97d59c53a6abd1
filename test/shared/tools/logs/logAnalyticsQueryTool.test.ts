import { startTelemetryHarness, type TelemetryHarness } from '../telemetryHarness';

interface QueryData {
  tables: Array<{ name: string; columns: Array<{ name: string; type: string }>; rows: unknown[][]; totalRows: number }>;
  totalRows: number;
  returnedRows: number;
  truncated?: { reason: string; limit: number };
  note?: string;
  tablesReferenced?: string[];
}

describe('log_analytics_query against the telemetry emulator', () => {
  let harness: TelemetryHarness;

  beforeAll(async () => {
    harness = await startTelemetryHarness({ TELEMETRY_MAX_ROWS: '30' });
  });

  afterAll(async () => {
    await harness.close();
  });

  it('runs a valid query and returns the rows with the exact query and the absolute time range', async () => {
    // Prepare
    const query = "AppRequests | where ResultCode == '500' | summarize Failed = count() by AppVersion";

    // Act
    const result = await harness.call('log_analytics_query', { workspace: 'law-test', query });

    // Assess
    expect(result.status).toBe('success');
    expect(result.invocation).toBe(query);
    expect(result.timeRange).toEqual({
      start: new Date(harness.now.getTime() - 3_600_000).toISOString(),
      end: harness.now.toISOString(),
    });
    const data = result.data as QueryData;
    expect(data.tables[0]?.rows).toEqual([['2.5.0', 20]]);
    expect(data.tablesReferenced).toEqual(['AppRequests']);
    expect(result.summary).toContain('workspace law-test');
  });

  it('returns a misspelled table as an error with line, column and the suggestion, and the corrected query succeeds', async () => {
    // Prepare
    const misspelled = 'AppRequest | take 5';
    const corrected = 'AppRequests | take 5';
    const before = harness.requests.filter((line) => line.includes('/query')).length;

    // Act
    const failed = await harness.call('log_analytics_query', { workspace: 'law-test', query: misspelled });
    const afterFailure = harness.requests.filter((line) => line.includes('/query')).length;
    const fixed = await harness.call('log_analytics_query', { workspace: 'law-test', query: corrected });

    // Assess
    expect(failed.status).toBe('error');
    expect(failed.invocation).toBe(misspelled);
    expect(failed.error?.code).toBe('invalid_query');
    expect(failed.error?.message).toContain('line 1, column 1');
    expect(failed.error?.message).toContain("Did you mean 'AppRequests'?");
    const diagnostics = (failed.error?.details as { diagnostics: Array<{ line: number; column: number; suggestions: string[] }> }).diagnostics;
    expect(diagnostics[0]).toMatchObject({ line: 1, column: 1 });
    expect(diagnostics[0]?.suggestions).toContain('AppRequests');
    expect(afterFailure).toBe(before);
    expect(fixed.status).toBe('success');
    expect((fixed.data as QueryData).returnedRows).toBe(5);
  });

  it('cuts rows at the row cap and tells the model how many there were', async () => {
    // Prepare
    const query = 'AppRequests';

    // Act
    const result = await harness.call('log_analytics_query', { workspace: 'law-test', query });

    // Assess
    const data = result.data as QueryData;
    expect(result.status).toBe('success');
    expect(data.returnedRows).toBe(30);
    expect(data.totalRows).toBe(45);
    expect(data.truncated).toEqual({ reason: 'max_rows', limit: 30 });
    expect(data.note).toContain('30 of 45');
    expect(result.summary).toContain('truncated to 30 of 45 rows');
  });

  it('returns no_data for a query that matches nothing', async () => {
    // Prepare
    const query = "AppRequests | where ResultCode == '404'";

    // Act
    const result = await harness.call('log_analytics_query', { workspace: 'law-test', query });

    // Assess
    expect(result.status).toBe('no_data');
    expect((result.data as QueryData).totalRows).toBe(0);
  });

  it('shortens a timespan over the maximum and says so', async () => {
    // Prepare
    const query = 'AppRequests | count';

    // Act
    const result = await harness.call('log_analytics_query', { workspace: 'law-test', query, timespan: 'P30D' });

    // Assess
    expect(result.status).toBe('success');
    expect(result.timeRange?.start).toBe(new Date(harness.now.getTime() - 7 * 86_400_000).toISOString());
    expect(result.summary).toContain('P30D shortened to the maximum P7D');
  });

  it('honours an explicit end, so only rows before it are counted', async () => {
    // Prepare: rows are one a minute from 40 minutes ago; 25 minutes ago leaves 16 of them.
    const end = new Date(harness.now.getTime() - 25 * 60_000 + 1000).toISOString();

    // Act
    const result = await harness.call('log_analytics_query', {
      workspace: 'law-test',
      query: "AppRequests | where AppVersion == '2.4.1' | count",
      timespan: 'PT1H',
      end,
    });

    // Assess
    expect(result.timeRange?.end).toBe(new Date(end).toISOString());
    expect((result.data as QueryData).tables[0]?.rows).toEqual([[16]]);
  });

  it('returns a bad timespan as an error result without calling the service', async () => {
    // Prepare
    const query = 'AppRequests | count';

    // Act
    const result = await harness.call('log_analytics_query', { workspace: 'law-test', query, timespan: '1 hour' });

    // Assess
    expect(result.status).toBe('error');
    expect(result.error?.code).toBe('invalid_arguments');
    expect(result.error?.message).toContain('ISO 8601');
  });

  it('caches the workspace schema per investigation', async () => {
    // Prepare
    const metadataCalls = () => harness.requests.filter((line) => line.includes('/metadata')).length;
    const before = metadataCalls();

    // Act
    await harness.call('log_analytics_query', { workspace: 'law-test', query: 'AppRequests | count' }, 'inv-cache-1');
    await harness.call('describe_table', { workspace: 'law-test', table: 'AppRequests' }, 'inv-cache-1');
    await harness.call('list_tables', { workspace: 'law-test' }, 'inv-cache-1');
    const afterFirstInvestigation = metadataCalls();
    await harness.call('list_tables', { workspace: 'law-test' }, 'inv-cache-2');

    // Assess
    expect(afterFirstInvestigation - before).toBe(1);
    expect(metadataCalls() - before).toBe(2);
  });

  it('asks the credential for a token for the configured Log Analytics endpoint', async () => {
    // Prepare / Act: the earlier calls already authenticated.
    const scopes = harness.credential.scopes;

    // Assess
    expect(scopes).toContain(`${harness.emulator.url}/.default`);
  });
});

describe('log_analytics_query limits and failures', () => {
  it('cuts rows at the byte cap', async () => {
    // Prepare
    const harness = await startTelemetryHarness({ TELEMETRY_MAX_RESULT_BYTES: '1000' });

    try {
      // Act
      const result = await harness.call('log_analytics_query', { workspace: 'law-test', query: 'AppRequests' });

      // Assess
      const data = result.data as QueryData;
      expect(data.truncated).toEqual({ reason: 'max_bytes', limit: 1000 });
      expect(data.returnedRows).toBeGreaterThan(0);
      expect(data.returnedRows).toBeLessThan(45);
      expect(Buffer.byteLength(JSON.stringify(data.tables[0]?.rows))).toBeLessThanOrEqual(1000);
    } finally {
      await harness.close();
    }
  });

  it('refuses a table outside the allowed tables before sending the query', async () => {
    // Prepare
    const harness = await startTelemetryHarness({ TELEMETRY_ALLOWED_TABLES: 'AppRequests,AppExceptions' });

    try {
      // Act
      const result = await harness.call('log_analytics_query', { workspace: 'law-test', query: 'SecurityEvent | take 1' });

      // Assess
      expect(result.status).toBe('error');
      expect(result.error?.code).toBe('table_not_allowed');
      expect(result.error?.message).toContain("'SecurityEvent' is outside the tables");
      expect(harness.requests.some((line) => line.includes('/query'))).toBe(false);
    } finally {
      await harness.close();
    }
  });

  it('returns the upstream message and HTTP status when the workspace does not exist upstream', async () => {
    // Prepare
    const harness = await startTelemetryHarness({ TELEMETRY_WORKSPACES: 'law-gone=00000000-0000-4000-8000-000000000000' });

    try {
      // Act
      const result = await harness.call('log_analytics_query', { workspace: 'law-gone', query: 'AppRequests | count' });

      // Assess
      expect(result.status).toBe('error');
      expect(result.error?.code).toBe('schema_unavailable');
      expect(result.error?.message).toContain('could not be found');
      expect(result.error?.details).toMatchObject({ status: 404, upstreamCode: 'WorkspaceNotFoundError' });
    } finally {
      await harness.close();
    }
  });

  it('returns the service error and HTTP status of a query that passes validation but fails upstream', async () => {
    // Prepare: the analyser accepts the regex literal; the service fails when it compiles it.
    const harness = await startTelemetryHarness();
    const query = "AppRequests | where Name matches regex '['";

    try {
      // Act
      const result = await harness.call('log_analytics_query', { workspace: 'law-test', query });

      // Assess
      expect(result.status).toBe('error');
      expect(result.invocation).toBe(query);
      expect(result.error?.code).toBe('BadArgumentError');
      expect(result.error?.message).toContain('invalid regular expression');
      expect(result.error?.details).toMatchObject({ status: 400, body: { error: { code: 'BadArgumentError' } } });
      expect(result.timeRange).toBeDefined();
    } finally {
      await harness.close();
    }
  });

  it('rejects an end in the future as an error result', async () => {
    // Prepare
    const harness = await startTelemetryHarness();

    try {
      // Act
      const result = await harness.call('log_analytics_query', {
        workspace: 'law-test',
        query: 'AppRequests | take 5',
        end: new Date(harness.now.getTime() + 3_600_000).toISOString(),
      });

      // Assess
      expect(result.status).toBe('error');
      expect(result.error?.code).toBe('invalid_arguments');
      expect(result.error?.message).toContain('in the future');
    } finally {
      await harness.close();
    }
  });
});
