import { startTelemetryHarness, type TelemetryHarness } from '../telemetryHarness';

interface QueryData {
  tables: Array<{ rows: unknown[][] }>;
  totalRows: number;
}

describe('app_insights_query against the telemetry emulator', () => {
  let harness: TelemetryHarness;

  beforeAll(async () => {
    harness = await startTelemetryHarness();
  });

  afterAll(async () => {
    await harness.close();
  });

  it('sees only the rows of its component (resource-centric query)', async () => {
    // Prepare: the workspace holds 45 requests, 5 of them from another component.
    const query = 'AppRequests | count';

    // Act
    const result = await harness.call('app_insights_query', { component: 'appi-test', query });

    // Assess
    expect(result.status).toBe('success');
    expect(result.invocation).toBe(query);
    expect((result.data as QueryData).tables[0]?.rows).toEqual([[40]]);
    expect(harness.requests.some((line) => line.includes('/subscriptions/') && line.includes('/components/appi-test/query 200'))).toBe(true);
  });

  it('returns a misspelled table with the suggestion AppRequests, and the corrected query succeeds', async () => {
    // Prepare
    const misspelled = 'AppRequest | take 5';

    // Act
    const failed = await harness.call('app_insights_query', { component: 'appi-test', query: misspelled });
    const fixed = await harness.call('app_insights_query', { component: 'appi-test', query: 'AppRequests | take 5' });

    // Assess
    expect(failed.status).toBe('error');
    expect(failed.error?.code).toBe('invalid_query');
    const diagnostics = (failed.error?.details as { diagnostics: Array<{ suggestions: string[] }> }).diagnostics;
    expect(diagnostics[0]?.suggestions).toContain('AppRequests');
    expect(fixed.status).toBe('success');
    expect((fixed.data as QueryData).totalRows).toBe(5);
  });

  it('offers only the configured components to the model', () => {
    // Prepare
    const tool = harness.tool('app_insights_query');

    // Act
    const parsed = tool.parameters.safeParse({ component: 'appi-elsewhere', query: 'AppRequests' });

    // Assess
    expect(parsed.success).toBe(false);
    expect(tool.auditDescription(tool.parameters.parse({ component: 'appi-test', query: 'AppRequests\n| count' }))).toBe(
      'KQL on App Insights appi-test: AppRequests',
    );
  });
});
