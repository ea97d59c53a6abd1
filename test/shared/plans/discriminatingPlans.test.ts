import { executeKql, type KqlTable } from '../../../devhost/logAnalytics/kql';
import { evaluateVerdictRules } from '../../../shared/agent/deterministic/evaluateVerdictRules';
import type { ToolCallRecord } from '../../../shared/agent/toolCallRecord';
import type { HypothesisVerdict } from '../../../shared/agent/verdict';
import { bundledPlansDirectory, validatePlanSource } from '../../../shared/plans/loadPlans';
import type { Plan } from '../../../shared/plans/planSchema';
import { DirectoryPlanSource } from '../../../shared/plans/planSource';
import { TABLE_COLUMNS, type TableName } from '../../../scenarios/generator/tables';

/**
 * The bundled plans' hypotheses must tell causes apart: for the same plan, data showing one cause
 * supports its hypothesis and refutes the rival, and data showing the rival does the opposite. The
 * checks' KQL runs on the telemetry emulator over small tables built here, so the queries and the
 * verdict rules are tested together, as deterministic mode runs them.
 */
const NOW = new Date('2026-03-04T12:00:00Z');
const at = (minutesAgo: number): string => new Date(NOW.getTime() - minutesAgo * 60_000).toISOString();

type Row = Record<string, unknown>;

/** A database of the scenario tables with these rows (missing columns empty). */
function database(rows: Partial<Record<TableName, Row[]>>): { tables: Map<string, KqlTable> } {
  const tables = new Map<string, KqlTable>();
  for (const [name, columns] of Object.entries(TABLE_COLUMNS) as Array<[TableName, ReadonlyArray<readonly [string, KqlTable['columns'][number]['type']]>]>) {
    tables.set(name, {
      name,
      columns: columns.map(([column, type]) => ({ name: column, type })),
      rows: (rows[name] ?? []).map((row) => columns.map(([column, type]) => row[column] ?? (type === 'string' ? '' : null))),
    });
  }
  return { tables };
}

let plans: Plan[] = [];
beforeAll(async () => {
  plans = (await validatePlanSource(new DirectoryPlanSource(bundledPlansDirectory(), bundledPlansDirectory()))).valid;
});

/** Runs one hypothesis the way deterministic mode does: its KQL checks on the emulator, then its verdict rules. */
async function verdictOf(planId: string, hypothesisId: string, db: { tables: Map<string, KqlTable> }): Promise<HypothesisVerdict> {
  const hypothesis = plans.find((p) => p.id === planId)?.hypotheses.find((h) => h.id === hypothesisId);
  if (!hypothesis) throw new Error(`${planId}/${hypothesisId} is not a bundled hypothesis`);
  const records: ToolCallRecord[] = (hypothesis.checks ?? [])
    .filter((check) => check.tool === 'app_insights_query' || check.tool === 'log_analytics_query')
    .map((check) => {
      const query = String((check.arguments as Record<string, unknown>).query);
      const result = executeKql(query, db, { now: NOW });
      const rows = result.tables[0]?.rows.length ?? 0;
      return {
        schemaVersion: 1,
        id: `${hypothesisId}:${check.id}`,
        hypothesisId,
        tool: check.tool,
        arguments: {},
        result: { schemaVersion: 1, tool: check.tool, status: rows > 0 ? 'success' : 'no_data', invocation: query, summary: `${rows} rows`, durationMs: 1, data: { tables: result.tables, totalRows: rows } },
      };
    });
  return evaluateVerdictRules(hypothesis, records);
}

/** `calls` blob calls of the media API over the last 40 minutes; `fail(i)` gives the failing ones' result code and inner message. */
function dependencyIncident(calls: number, fail: (i: number) => { code: string; inner: string } | null): Partial<Record<TableName, Row[]>> {
  const AppDependencies: Row[] = [];
  const AppExceptions: Row[] = [];
  const AppRequests: Row[] = [];
  for (let i = 0; i < calls; i++) {
    const failure = fail(i);
    const common = { TimeGenerated: at(40 - (i * 40) / calls), OperationId: `op${i}`, AppRoleName: 'media-api', AppVersion: '4.2.0', ItemCount: 1 };
    AppDependencies.push({ ...common, Target: 'stmedia.blob.core.windows.net', DependencyType: 'Azure blob', Name: 'GetBlob', Success: !failure, ResultCode: failure?.code ?? '200', DurationMs: 12 });
    AppRequests.push({ ...common, Name: 'GET /api/images/{id}', Success: !failure, ResultCode: failure ? '500' : '200', DurationMs: 30 });
    if (failure) AppExceptions.push({ ...common, ExceptionType: 'Microsoft.Azure.WebJobs.Host.FunctionInvocationException', OuterMessage: 'Exception while executing function: Functions.GetImage', InnermostType: 'Azure.RequestFailedException', InnermostMessage: failure.inner });
  }
  return { AppDependencies, AppExceptions, AppRequests };
}

/** Storage throttles a third of the calls: 503 ServerBusy, named only in the inner exception. */
const throttling = dependencyIncident(120, (i) => (i % 3 === 0 ? { code: '503', inner: 'Operations per second is over the account limit.\nStatus: 503 (Operations per second is over the account limit.)\nErrorCode: ServerBusy' } : null));
/** The dependency fails nearly every call with server errors that name no limit. */
const outage = dependencyIncident(120, (i) => (i % 20 === 0 ? null : { code: i % 2 ? '500' : '502', inner: 'Status: 500 (Internal Server Error)\nErrorCode: InternalError' }));

describe('bundled plans discriminate between rival causes', () => {
  it('dependency-throttling-quota: throttling data supports throttling and refutes an outage', async () => {
    // Prepare
    const db = database(throttling);

    // Act
    const throttled = await verdictOf('dependency-throttling-quota', 'dependency-throttled', db);
    const down = await verdictOf('dependency-throttling-quota', 'dependency-outage', db);

    // Assess
    expect(throttled.verdict).toBe('supported');
    expect(throttled.summary).toContain('stmedia.blob.core.windows.net (Azure blob) throttled 40 of 120 calls with HTTP 503');
    expect(down.verdict).toBe('refuted');
  });

  it('dependency-throttling-quota: outage data supports the outage and refutes throttling', async () => {
    // Prepare
    const db = database(outage);

    // Act
    const throttled = await verdictOf('dependency-throttling-quota', 'dependency-throttled', db);
    const down = await verdictOf('dependency-throttling-quota', 'dependency-outage', db);

    // Assess
    expect(throttled.verdict).toBe('refuted');
    expect(down).toMatchObject({ verdict: 'supported', summary: expect.stringContaining('stmedia.blob.core.windows.net fails 95% of calls') });
  });

  it('http-5xx-after-deployment: 503 ServerBusy is throttling, not a dependency to escalate, and the reverse for real errors', async () => {
    // Act
    const onThrottling = [await verdictOf('http-5xx-after-deployment', 'dependency-throttled', database(throttling)), await verdictOf('http-5xx-after-deployment', 'dependency-errors', database(throttling))];
    const onOutage = [await verdictOf('http-5xx-after-deployment', 'dependency-throttled', database(outage)), await verdictOf('http-5xx-after-deployment', 'dependency-errors', database(outage))];

    // Assess
    expect(onThrottling.map((v) => v.verdict)).toEqual(['supported', 'refuted']);
    expect(onOutage.map((v) => v.verdict)).toEqual(['refuted', 'supported']);
  });

  it('latency-slow-dependency: slow calls that are throttled are not a slow dependency', async () => {
    // Prepare: the throttled calls are also slow (the client backs off and retries)
    const slowThrottling = { ...throttling, AppDependencies: (throttling.AppDependencies ?? []).map((row) => ({ ...row, DurationMs: row.ResultCode === '503' ? 4000 : 1500 })) };

    // Act
    const throttled = await verdictOf('latency-slow-dependency', 'dependency-throttled', database(slowThrottling));
    const slow = await verdictOf('latency-slow-dependency', 'slow-dependency', database(slowThrottling));

    // Assess
    expect(throttled.verdict).toBe('supported');
    expect(slow.verdict).toBe('refuted');
  });

  it('dns-network-connectivity: a name that does not resolve is DNS, a connect timeout is the network path', async () => {
    // Prepare: the same failing calls, once with a resolution error and once with a timeout, after an NSG change
    const failures = (inner: string) =>
      Array.from({ length: 30 }, (_, i) => ({ TimeGenerated: at(20 - i / 2), OperationId: `op${i}`, AppRoleName: 'claims-api', ExceptionType: 'Npgsql.NpgsqlException', OuterMessage: 'Exception while connecting', InnermostType: 'System.Net.Sockets.SocketException', InnermostMessage: inner }));
    const nsgChange = [{ TimeGenerated: at(25), OperationNameValue: 'MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/SECURITYRULES/WRITE', ActivityStatusValue: 'Success', Caller: 'ops@contoso.example', _ResourceId: '/subscriptions/s/resourcegroups/rg/providers/microsoft.network/networksecuritygroups/nsg-app' }];
    const dns = database({ AppExceptions: failures('Name or service not known'), AzureActivity: nsgChange });
    const blocked = database({ AppExceptions: failures('Connection timed out'), AzureActivity: nsgChange });

    // Act
    const onDns = [await verdictOf('dns-network-connectivity', 'name-resolution', dns), await verdictOf('dns-network-connectivity', 'network-path-blocked', dns)];
    const onBlocked = [await verdictOf('dns-network-connectivity', 'name-resolution', blocked), await verdictOf('dns-network-connectivity', 'network-path-blocked', blocked)];

    // Assess
    expect(onDns.map((v) => v.verdict)).toEqual(['supported', 'refuted']);
    expect(onBlocked.map((v) => v.verdict)).toEqual(['refuted', 'supported']);
    expect(onBlocked[1]?.summary).toContain('MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/SECURITYRULES/WRITE');
  });

  it('service-bus-dead-letters: a few messages redelivered to the limit are poison; every message failing on its database is not', async () => {
    // Prepare: 40 messages; either 4 of them fail every delivery on their content (the database is healthy), or every
    // message fails every delivery because the database answers 503
    const deliveries = (poisonous: (i: number) => boolean, databaseDown: boolean) => {
      const AppTraces: Row[] = [];
      const AppExceptions: Row[] = [];
      const AppDependencies: Row[] = [];
      for (let i = 0; i < 40; i++) {
        const attempts = poisonous(i) || databaseDown ? 10 : 1;
        for (let d = 1; d <= attempts; d++) {
          const common = { TimeGenerated: at(30 - i / 2 + d / 100), OperationName: 'ProcessOrder', OperationId: `op${i}-${d}`, AppRoleName: 'order-ingest', ItemCount: 1 };
          AppTraces.push({ ...common, Message: `Trigger Details: MessageId: m${i}, SequenceNumber: ${i}, DeliveryCount: ${d}, EnqueuedTimeUtc: ${at(31)}, LockedUntilUtc: ${at(29)}, SessionId: (null)` });
          if (poisonous(i)) {
            AppExceptions.push({ ...common, ExceptionType: 'Microsoft.Azure.WebJobs.Host.FunctionInvocationException', InnermostType: 'System.Text.Json.JsonException', InnermostMessage: 'The JSON value could not be converted to System.Int32. Path: $.lines[0].quantity' });
            continue;
          }
          AppDependencies.push({ ...common, Target: 'cosmos-orders.documents.azure.com', DependencyType: 'Azure DocumentDB', Success: !databaseDown, ResultCode: databaseDown ? '503' : '201' });
          if (databaseDown) AppExceptions.push({ ...common, ExceptionType: 'Microsoft.Azure.WebJobs.Host.FunctionInvocationException', InnermostType: 'Microsoft.Azure.Cosmos.CosmosException', InnermostMessage: 'Response status code does not indicate success: ServiceUnavailable (503)' });
        }
      }
      return database({ AppTraces, AppExceptions, AppDependencies });
    };
    const poison = deliveries((i) => i % 10 === 0, false);
    const databaseDown = deliveries(() => false, true);

    // Act
    const onPoison = [await verdictOf('service-bus-dead-letters', 'poison-messages', poison), await verdictOf('service-bus-dead-letters', 'consumer-dependency-failure', poison)];
    const onDatabaseDown = [await verdictOf('service-bus-dead-letters', 'poison-messages', databaseDown), await verdictOf('service-bus-dead-letters', 'consumer-dependency-failure', databaseDown)];

    // Assess
    expect(onPoison.map((v) => v.verdict)).toEqual(['supported', 'refuted']);
    expect(onPoison[0]?.summary).toContain('4 of 40 messages of ProcessOrder were delivered again and again (up to 10 times)');
    expect(onDatabaseDown.map((v) => v.verdict)).toEqual(['refuted', 'supported']);
  });
});
