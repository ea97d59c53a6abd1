import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { executeKql, type KqlColumn, type KqlTable } from '../../../devhost/logAnalytics/kql';
import type { HypothesisVerdict } from '../../../shared/agent/verdict';
import { bundledPlansDirectory } from '../../../shared/plans/loadPlans';
import { parsePlanFile } from '../../../shared/plans/parsePlanFile';
import type { Hypothesis } from '../../../shared/plans/planSchema';
import type { ToolResult } from '../../../shared/tools/tool';
import { runHypothesisStages } from '../../helpers/runHypothesisStages';

/**
 * The bundled plans run end to end on variant data: their own KQL on the emulator's evaluator,
 * their `when` conditions, their verdict rules. Each variant is one incident kind on another
 * engine, runtime or message placement; the verdicts show the plan tells the causes apart.
 */

const NOW = new Date('2026-03-04T12:00:00Z');
const at = (minutesAgo: number): string => new Date(NOW.getTime() - minutesAgo * 60_000).toISOString();

type Row = Record<string, unknown>;

/** A table from objects: the columns are the given ones, each row fills what it names (null elsewhere). */
function table(name: string, columns: ReadonlyArray<readonly [string, KqlColumn['type']]>, rows: Row[]): KqlTable {
  return { name, columns: columns.map(([n, type]) => ({ name: n, type })), rows: rows.map((row) => columns.map(([n]) => row[n] ?? null)) };
}

const EXCEPTION_COLUMNS = [['TimeGenerated', 'datetime'], ['ExceptionType', 'string'], ['OuterMessage', 'string'], ['InnermostType', 'string'], ['InnermostMessage', 'string'], ['Details', 'dynamic'], ['AppRoleName', 'string'], ['AppRoleInstance', 'string'], ['OperationId', 'string']] as const;
const DEPENDENCY_COLUMNS = [['TimeGenerated', 'datetime'], ['Target', 'string'], ['DependencyType', 'string'], ['DurationMs', 'real'], ['Success', 'bool'], ['ResultCode', 'string'], ['OperationId', 'string']] as const;
const METRIC_COLUMNS = [['TimeGenerated', 'datetime'], ['ResourceProvider', 'string'], ['Resource', 'string'], ['MetricName', 'string'], ['Maximum', 'real'], ['Average', 'real']] as const;
const DIAGNOSTICS_BASE = [['TimeGenerated', 'datetime'], ['ResourceProvider', 'string'], ['Resource', 'string'], ['Category', 'string'], ['OperationName', 'string'], ['Message', 'string']] as const;
/** Azure SQL audit columns: present only in a workspace that receives SQLSecurityAuditEvents. */
const SQL_AUDIT_COLUMNS = [...DIAGNOSTICS_BASE, ['application_name_s', 'string'], ['session_id_d', 'real'], ['duration_milliseconds_d', 'real']] as const;

function repeat(count: number, make: (i: number) => Row): Row[] {
  return Array.from({ length: count }, (_, i) => make(i));
}

function hypothesisOf(planFile: string, hypothesisId: string): Hypothesis {
  const file = join(bundledPlansDirectory(), planFile);
  const hypothesis = parsePlanFile(file, readFileSync(file, 'utf8')).hypotheses.find((h) => h.id === hypothesisId);
  if (!hypothesis) throw new Error(`${planFile} has no hypothesis ${hypothesisId}`);
  return hypothesis;
}

/** Runs a query the way the KQL tools report it: rows ⇒ success, none ⇒ no_data, a refused query ⇒ error. */
function runQuery(tool: string, query: string, tables: KqlTable[]): ToolResult {
  const base = { schemaVersion: 1 as const, tool, invocation: query, durationMs: 1 };
  try {
    const result = executeKql(query, { tables: new Map(tables.map((t) => [t.name, t])) }, { now: NOW });
    const rows = result.tables[0]?.rows.length ?? 0;
    return { ...base, status: rows > 0 ? 'success' : 'no_data', summary: `${rows} rows`, data: { tables: result.tables, totalRows: rows } };
  } catch (error) {
    return { ...base, status: 'error', summary: 'query failed', error: { code: 'invalid_query', message: (error as Error).message } };
  }
}

interface Investigation {
  verdict: HypothesisVerdict;
  ran: string[];
  skipped: string[];
}

/** The deterministic engine's stages for one hypothesis, with KQL checks answered by the emulator over `tables`. */
async function investigate(planFile: string, hypothesisId: string, tables: KqlTable[], targets: Record<string, unknown> = {}): Promise<Investigation> {
  const hypothesis = hypothesisOf(planFile, hypothesisId);
  const context = { targets: { workspace: 'law', appInsights: 'appi', host: null, resourceId: null, ...targets }, window: { start: at(240), end: NOW.toISOString(), timespan: 'PT4H' } };
  const { verdict, records, skipped } = await runHypothesisStages(hypothesis, context, (check) => runQuery(check.tool, String(check.arguments.query), tables));
  return { verdict, ran: records.map((r) => r.id.split(':')[1]!), skipped };
}

describe('database-connection-pool-exhaustion tells the three causes apart', () => {
  const plan = 'database-connection-pool-exhaustion.yaml';
  const azureSql = 'sql-claims-prod.database.windows.net | claimsdb';
  const postgres = 'psql-inventory-prod.postgres.database.azure.com | inventory';

  /** Azure SQL, .NET SqlClient: pools empty, database idle, no refusal; a Data Factory export holds long sessions. */
  const ownLeakOnAzureSql = [
    table('AppExceptions', EXCEPTION_COLUMNS, repeat(40, (i) => ({ TimeGenerated: at(30 - i / 2), ExceptionType: 'System.InvalidOperationException', OuterMessage: 'Timeout expired.  The timeout period elapsed prior to obtaining a connection from the pool.  This may have occurred because all pooled connections were in use and max pool size was reached.', InnermostType: 'System.InvalidOperationException', InnermostMessage: 'Timeout expired.  The timeout period elapsed prior to obtaining a connection from the pool.  This may have occurred because all pooled connections were in use and max pool size was reached.', AppRoleName: 'claims-api', AppRoleInstance: `i${i % 3}` }))),
    table('AppDependencies', DEPENDENCY_COLUMNS, repeat(50, (i) => ({ TimeGenerated: at(60 - i), Target: azureSql, DependencyType: 'SQL', DurationMs: 3 + (i % 5), Success: true, ResultCode: '0' }))),
    table('AzureMetrics', METRIC_COLUMNS, [
      { TimeGenerated: at(10), ResourceProvider: 'MICROSOFT.SQL', Resource: 'CLAIMSDB', MetricName: 'cpu_percent', Maximum: 31, Average: 22 },
      { TimeGenerated: at(10), ResourceProvider: 'MICROSOFT.SQL', Resource: 'CLAIMSDB', MetricName: 'workers_percent', Maximum: 7, Average: 5 },
      { TimeGenerated: at(10), ResourceProvider: 'MICROSOFT.SQL', Resource: 'CLAIMSDB', MetricName: 'sessions_count', Maximum: 306, Average: 300 },
    ]),
    table('AzureDiagnostics', SQL_AUDIT_COLUMNS, repeat(6, (i) => ({ TimeGenerated: at(50 - i), ResourceProvider: 'MICROSOFT.SQL', Resource: 'CLAIMSDB', Category: 'SQLSecurityAuditEvents', OperationName: 'AuditEvent', Message: '', application_name_s: 'adf-claims-nightly-export', session_id_d: 400 + i, duration_milliseconds_d: 900_000 }))),
  ];

  /** PostgreSQL, Npgsql: a batch holds the server's connection slots and the server refuses new ones. No Azure SQL audit columns exist. */
  const otherWorkloadOnPostgres = [
    table('AppExceptions', EXCEPTION_COLUMNS, repeat(30, (i) => ({ TimeGenerated: at(20 - i / 2), ExceptionType: 'Npgsql.NpgsqlException', OuterMessage: "The connection pool has been exhausted, either raise 'Max Pool Size' (currently 100) or 'Timeout' (currently 15 seconds) in your connection string.", InnermostType: 'System.TimeoutException', InnermostMessage: 'The operation has timed out.', AppRoleName: 'inventory-api', AppRoleInstance: 'i0' }))),
    table('AppDependencies', DEPENDENCY_COLUMNS, repeat(20, (i) => ({ TimeGenerated: at(40 - i), Target: postgres, DependencyType: 'SQL', DurationMs: 6, Success: true, ResultCode: '0' }))),
    table('AzureMetrics', METRIC_COLUMNS, [{ TimeGenerated: at(10), ResourceProvider: 'MICROSOFT.DBFORPOSTGRESQL', Resource: 'PSQL-INVENTORY-PROD', MetricName: 'cpu_percent', Maximum: 44, Average: 36 }]),
    table('AzureDiagnostics', DIAGNOSTICS_BASE, [
      ...repeat(12, (i) => ({ TimeGenerated: at(20 - i), ResourceProvider: 'MICROSOFT.DBFORPOSTGRESQL', Resource: 'PSQL-INVENTORY-PROD', Category: 'PostgreSQLLogs', OperationName: 'LogEvent', Message: 'remaining connection slots are reserved for non-replication superuser connections' })),
      { TimeGenerated: at(25), ResourceProvider: 'MICROSOFT.DBFORPOSTGRESQL', Resource: 'PSQL-INVENTORY-PROD', Category: 'PostgreSQLLogs', OperationName: 'LogEvent', Message: 'duration: 1020000.5 ms  statement: UPDATE stock_levels SET quantity = 1 /* application_name=stock-reconcile */' },
    ]),
  ];

  /** Azure SQL, Java HikariCP: the database is saturated (CPU and workers near 100%), every query is slow. */
  const saturatedAzureSql = [
    table('AppExceptions', EXCEPTION_COLUMNS, repeat(25, (i) => ({ TimeGenerated: at(20 - i / 2), ExceptionType: 'org.springframework.transaction.CannotCreateTransactionException', OuterMessage: 'Could not open JPA EntityManager for transaction', InnermostType: 'java.sql.SQLTransientConnectionException', InnermostMessage: 'HikariPool-1 - Connection is not available, request timed out after 30000ms.', AppRoleName: 'quotes-service', AppRoleInstance: 'i0' }))),
    table('AppDependencies', DEPENDENCY_COLUMNS, repeat(30, (i) => ({ TimeGenerated: at(40 - i), Target: 'sql-quotes-prod.database.windows.net | quotes', DependencyType: 'SQL', DurationMs: 3500 + i * 20, Success: true, ResultCode: '0' }))),
    table('AzureMetrics', METRIC_COLUMNS, [
      { TimeGenerated: at(10), ResourceProvider: 'MICROSOFT.SQL', Resource: 'QUOTES', MetricName: 'cpu_percent', Maximum: 99, Average: 96 },
      { TimeGenerated: at(10), ResourceProvider: 'MICROSOFT.SQL', Resource: 'QUOTES', MetricName: 'workers_percent', Maximum: 92, Average: 80 },
    ]),
    table('AzureDiagnostics', SQL_AUDIT_COLUMNS, []),
  ];

  it('supports the own leak on Azure SQL and rules out the other workload and saturation', async () => {
    // Act
    const own = await investigate(plan, 'own-connection-leak', ownLeakOnAzureSql);
    const other = await investigate(plan, 'other-workload-holds-connections', ownLeakOnAzureSql);
    const saturated = await investigate(plan, 'database-saturated', ownLeakOnAzureSql);

    // Assess
    expect(own.verdict).toMatchObject({ verdict: 'supported', gaps: [] });
    expect(own.verdict.summary).toMatch(/40 pool timeouts in claims-api .* never refused a connection, peaked at 31% load .*sessions peaked at 306/s);
    expect(other.verdict).toMatchObject({ verdict: 'refuted', gaps: [] });
    expect(other.verdict.summary).toMatch(/never refused a connection/);
    expect(other.skipped).toEqual(['postgres_holders']);
    expect(saturated.verdict).toMatchObject({ verdict: 'refuted' });
  });

  it('supports another workload on PostgreSQL, naming it, and rules out the own leak and saturation', async () => {
    // Act
    const own = await investigate(plan, 'own-connection-leak', otherWorkloadOnPostgres);
    const other = await investigate(plan, 'other-workload-holds-connections', otherWorkloadOnPostgres);
    const saturated = await investigate(plan, 'database-saturated', otherWorkloadOnPostgres);

    // Assess: no Azure SQL audit column is queried where the database is PostgreSQL
    expect(other.skipped).toEqual(['sql_holders']);
    expect(other.verdict).toMatchObject({ verdict: 'supported', gaps: [] });
    expect(other.verdict.summary).toMatch(/server refused 12 connections .*held by stock-reconcile/);
    expect(own.verdict).toMatchObject({ verdict: 'refuted' });
    expect(own.verdict.summary).toMatch(/refused 12 connections/);
    expect(saturated.verdict).toMatchObject({ verdict: 'refuted' });
  });

  it('supports saturation for a Java client of a saturated Azure SQL database (pool timeout in the innermost message) and rules out the own leak', async () => {
    // Act
    const own = await investigate(plan, 'own-connection-leak', saturatedAzureSql);
    const other = await investigate(plan, 'other-workload-holds-connections', saturatedAzureSql);
    const saturated = await investigate(plan, 'database-saturated', saturatedAzureSql);

    // Assess
    expect(saturated.verdict).toMatchObject({ verdict: 'supported' });
    expect(saturated.verdict.summary).toMatch(/QUOTES reached 99% cpu_percent/);
    expect(own.verdict).toMatchObject({ verdict: 'refuted' });
    expect(own.verdict.summary).toMatch(/saturated/);
    expect(other.verdict).toMatchObject({ verdict: 'refuted' });
  });

  it('finds the pool timeouts of Node drivers too', async () => {
    // Prepare
    const node = [
      table('AppExceptions', EXCEPTION_COLUMNS, [
        ...repeat(6, (i) => ({ TimeGenerated: at(10 - i), ExceptionType: 'Error', OuterMessage: 'timeout exceeded when trying to connect', InnermostType: 'Error', InnermostMessage: 'timeout exceeded when trying to connect', AppRoleName: 'orders-node', AppRoleInstance: 'i0' })),
        ...repeat(6, (i) => ({ TimeGenerated: at(10 - i), ExceptionType: 'KnexTimeoutError', OuterMessage: 'Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?', InnermostType: 'KnexTimeoutError', InnermostMessage: 'Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?', AppRoleName: 'orders-node', AppRoleInstance: 'i1' })),
      ]),
      ...ownLeakOnAzureSql.slice(1),
    ];

    // Act
    const own = await investigate(plan, 'own-connection-leak', node);

    // Assess
    expect(own.verdict).toMatchObject({ verdict: 'supported' });
    expect(own.verdict.summary).toMatch(/^12 pool timeouts in orders-node/);
  });
});

describe('certificate-expiry finds the expiry wherever the runtime puts it', () => {
  const plan = 'certificate-expiry.yaml';
  const partner = 'api.cardnet-partner.com';

  function exceptions(rows: Row[]): KqlTable[] {
    const withOperations = rows.flatMap((row, i) => repeat(4, (n) => ({ TimeGenerated: at(20 - i - n / 10), AppRoleName: 'payments-api', AppRoleInstance: 'i0', OperationId: `op${i}-${n}`, ...row })));
    return [
      table('AppExceptions', EXCEPTION_COLUMNS, withOperations),
      table('AppDependencies', DEPENDENCY_COLUMNS, withOperations.map((row) => ({ TimeGenerated: row.TimeGenerated, Target: partner, DependencyType: 'HTTP', DurationMs: 40, Success: false, ResultCode: 'Faulted', OperationId: row.OperationId }))),
      table('AzureDiagnostics', DIAGNOSTICS_BASE, [{ TimeGenerated: at(300), ResourceProvider: 'MICROSOFT.KEYVAULT', Resource: 'KV-PAYMENTS-PROD', Category: 'AuditEvent', OperationName: 'CertificateNearExpiryEventGridNotification', Message: 'Certificate www-contoso-pay-com expires in 14 day(s)' }]),
    ];
  }

  const variants: Array<{ runtime: string; where: string; row: Row }> = [
    {
      runtime: '.NET',
      where: 'innermost message',
      row: { ExceptionType: 'System.Net.Http.HttpRequestException', OuterMessage: 'The SSL connection could not be established, see inner exception.', InnermostType: 'System.Security.Authentication.AuthenticationException', InnermostMessage: 'The remote certificate is invalid because of errors in the certificate chain: NotTimeValid' },
    },
    {
      runtime: '.NET (only the chain names it)',
      where: 'exception details',
      row: { ExceptionType: 'Payments.PartnerUnavailableException', OuterMessage: 'Card partner call failed', InnermostType: 'System.Net.Http.HttpRequestException', InnermostMessage: 'The SSL connection could not be established, see inner exception.', Details: [{ outerId: '0', id: '1', type: 'Payments.PartnerUnavailableException', message: 'Card partner call failed' }, { outerId: '1', id: '2', type: 'System.Security.Authentication.AuthenticationException', message: 'The remote certificate is invalid because of errors in the certificate chain: NotTimeValid' }] },
    },
    { runtime: 'Java', where: 'outer message', row: { ExceptionType: 'javax.net.ssl.SSLHandshakeException', OuterMessage: 'PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed', InnermostType: 'java.security.cert.CertificateExpiredException', InnermostMessage: 'NotAfter: Tue Mar 03 23:59:59 UTC 2026' } },
    { runtime: 'Node', where: 'outer message', row: { ExceptionType: 'Error', OuterMessage: 'certificate has expired', InnermostType: 'Error', InnermostMessage: 'certificate has expired' } },
    { runtime: 'Go', where: 'outer message', row: { ExceptionType: '*url.Error', OuterMessage: `Post "https://${partner}/v3/authorizations": tls: failed to verify certificate: x509: certificate has expired or is not yet valid`, InnermostType: '*url.Error', InnermostMessage: `Post "https://${partner}/v3/authorizations": tls: failed to verify certificate: x509: certificate has expired or is not yet valid` } },
  ];

  it.each(variants)('supports the expiry from $runtime, found in the $where, naming the endpoint', async ({ where, row }) => {
    // Act
    const expired = await investigate(plan, 'expired-certificate', exceptions([row, row]));
    const mismatch = await investigate(plan, 'certificate-mismatch', exceptions([row, row]));

    // Assess
    expect(expired.skipped).toEqual(['presented_certificate']);
    expect(expired.verdict).toMatchObject({ verdict: 'supported', gaps: [] });
    expect(expired.verdict.summary).toContain(`to ${partner} fail on its expired certificate`);
    expect(expired.verdict.summary).toContain(`in the ${where}`);
    expect(mismatch.verdict).toMatchObject({ verdict: 'refuted', gaps: [] });
  });

  it('refutes expiry and supports a mismatch when the client reports a name mismatch', async () => {
    // Prepare
    const data = exceptions([{ ExceptionType: 'System.Net.Http.HttpRequestException', OuterMessage: 'The SSL connection could not be established, see inner exception.', InnermostType: 'System.Security.Authentication.AuthenticationException', InnermostMessage: 'The remote certificate is invalid according to the validation procedure: RemoteCertificateNameMismatch' }]);

    // Act
    const expired = await investigate(plan, 'expired-certificate', data);
    const mismatch = await investigate(plan, 'certificate-mismatch', data);

    // Assess: the near-expiry notice of another certificate decides nothing
    expect(expired.verdict).toMatchObject({ verdict: 'refuted' });
    expect(expired.skipped).toEqual(['presented_certificate', 'failing_endpoints']);
    expect(mismatch.verdict).toMatchObject({ verdict: 'supported' });
    expect(mismatch.verdict.summary).toContain('RemoteCertificateNameMismatch');
  });
});
