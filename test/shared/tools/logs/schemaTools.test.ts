import { startTelemetryHarness, type TelemetryHarness } from '../telemetryHarness';

describe('list_tables and describe_table against the telemetry emulator', () => {
  let harness: TelemetryHarness;

  beforeAll(async () => {
    harness = await startTelemetryHarness();
  });

  afterAll(async () => {
    await harness.close();
  });

  it('lists the tables of the workspace with their time column', async () => {
    // Prepare / Act
    const result = await harness.call('list_tables', { workspace: 'law-test' });

    // Assess
    expect(result.status).toBe('success');
    const tables = (result.data as { tables: Array<{ name: string; timespanColumn?: string; columns: number }> }).tables;
    expect(tables.map((t) => t.name)).toEqual(['AppExceptions', 'AppRequests', 'SecurityEvent']);
    expect(tables.find((t) => t.name === 'AppRequests')).toMatchObject({ timespanColumn: 'TimeGenerated' });
  });

  it('filters tables by name and reports no_data when nothing matches', async () => {
    // Prepare / Act
    const some = await harness.call('list_tables', { workspace: 'law-test', nameContains: 'app' });
    const none = await harness.call('list_tables', { workspace: 'law-test', nameContains: 'Syslog' });

    // Assess
    expect((some.data as { tables: unknown[] }).tables).toHaveLength(2);
    expect(none.status).toBe('no_data');
  });

  it('describes the typed columns of a table', async () => {
    // Prepare / Act
    const result = await harness.call('describe_table', { workspace: 'law-test', table: 'AppRequests' });

    // Assess
    expect(result.status).toBe('success');
    const columns = (result.data as { columns: Array<{ name: string; type: string }> }).columns;
    expect(columns).toEqual(
      expect.arrayContaining([
        { name: 'TimeGenerated', type: 'datetime' },
        { name: 'ResultCode', type: 'string' },
        { name: 'Success', type: 'bool' },
        { name: 'DurationMs', type: 'real' },
      ]),
    );
  });

  it('answers an unknown table with the closest names', async () => {
    // Prepare / Act
    const result = await harness.call('describe_table', { workspace: 'law-test', table: 'AppRequest' });

    // Assess
    expect(result.status).toBe('error');
    expect(result.error?.code).toBe('unknown_table');
    expect(result.error?.message).toContain("Did you mean 'AppRequests'");
  });

  it('hides tables outside TELEMETRY_ALLOWED_TABLES', async () => {
    // Prepare
    const scoped = await startTelemetryHarness({ TELEMETRY_ALLOWED_TABLES: 'AppRequests' });

    try {
      // Act
      const listed = await scoped.call('list_tables', { workspace: 'law-test' });
      const described = await scoped.call('describe_table', { workspace: 'law-test', table: 'SecurityEvent' });

      // Assess
      expect((listed.data as { tables: Array<{ name: string }> }).tables.map((t) => t.name)).toEqual(['AppRequests']);
      expect(described.error?.code).toBe('unknown_table');
    } finally {
      await scoped.close();
    }
  });
});
