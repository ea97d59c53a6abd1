import { startTelemetryHarness, type TelemetryHarness } from '../telemetryHarness';

describe('resource_graph_query against the telemetry emulator', () => {
  let harness: TelemetryHarness;

  beforeAll(async () => {
    harness = await startTelemetryHarness({ TELEMETRY_MAX_ROWS: '1' });
  });

  afterAll(async () => {
    await harness.close();
  });

  it('returns rows as objects, capped, with the total the service reports', async () => {
    // Prepare
    const query = 'Resources | project name, type | order by name asc';

    // Act
    const result = await harness.call('resource_graph_query', { query });

    // Assess
    expect(result.status).toBe('success');
    expect(result.invocation).toBe(query);
    const data = result.data as { rows: Array<{ name: string }>; totalRecords: number; returnedRows: number; truncated?: { reason: string } };
    expect(data.rows).toEqual([{ name: 'app-test', type: 'microsoft.web/sites' }]);
    expect(data.totalRecords).toBe(2);
    expect(data.truncated?.reason).toBe('max_rows');
  });

  it('returns no_data when nothing matches', async () => {
    // Prepare / Act
    const result = await harness.call('resource_graph_query', { query: "Resources | where name == 'nothing-here'" });

    // Assess
    expect(result.status).toBe('no_data');
  });

  it('returns the service error and HTTP status of a bad query', async () => {
    // Prepare / Act
    const result = await harness.call('resource_graph_query', { query: 'Resources | whre name == 1' });

    // Assess
    expect(result.status).toBe('error');
    expect(result.error?.code).toBe('BadRequest');
    expect(result.error?.details).toMatchObject({ status: 400 });
  });
});
