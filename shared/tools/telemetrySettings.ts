import { z } from 'zod';
import { csvList, defineSettings, positiveInt, type SettingsOf } from '../config';
import { parseIsoDuration } from './timeWindow';

/** `name=value` pairs separated by commas; names are what the model picks, values stay server-side. */
function namedList(valueSchema: z.ZodType<string>, what: string) {
  return csvList.transform((entries, ctx) => {
    const out: Record<string, string> = {};
    for (const entry of entries) {
      const eq = entry.indexOf('=');
      const name = eq > 0 ? entry.slice(0, eq).trim() : '';
      const value = eq > 0 ? entry.slice(eq + 1).trim() : '';
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(name)) {
        ctx.addIssue({ code: 'custom', message: `entry '${entry}' must be name=${what} (name: letters, digits, . _ -)` });
        return z.NEVER;
      }
      const parsed = valueSchema.safeParse(value);
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', message: `entry '${name}': ${what} ${parsed.error.issues.map((i) => i.message).join('; ')}` });
        return z.NEVER;
      }
      if (name in out) {
        ctx.addIssue({ code: 'custom', message: `name '${name}' appears twice` });
        return z.NEVER;
      }
      out[name] = parsed.data;
    }
    return out;
  });
}

const guid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a GUID');
const componentId = z
  .string()
  .regex(
    /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Insights\/components\/[^/]+$/i,
    'must be an Application Insights ARM id (/subscriptions/…/providers/Microsoft.Insights/components/…)',
  );
const isoDuration = z.string().refine((s) => parseIsoDuration(s) !== undefined, 'must be an ISO 8601 duration such as PT1H or P7D');
const httpsOrigin = z.url({ protocol: /^https$/, error: 'must be an https:// URL' }).transform((s) => s.replace(/\/+$/, ''));

/**
 * Settings of the telemetry tools (Log Analytics, Application Insights, metrics, Resource Graph,
 * HTTP and TLS probes). Every endpoint can be overridden so the same code runs against the local
 * emulator; allow-lists keep the model inside the workspaces and subscriptions the operator chose.
 */
const telemetrySettings = defineSettings('telemetry', 'Log Analytics, App Insights, metrics, Resource Graph and probe tools', {
  TELEMETRY_WORKSPACES: {
    schema: namedList(guid, 'workspace id (GUID)'),
    description:
      'Log Analytics workspaces the model may query, as `name=workspaceId` pairs separated by commas. The model ' +
      'chooses by name; `log_analytics_query`, `list_tables` and `describe_table` exist only when this is set.',
    default: '',
    example: 'prod-logs=00000000-0000-0000-0000-000000000000',
  },
  TELEMETRY_WORKSPACE_RESOURCE_IDS: {
    schema: namedList(
      z.string().regex(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i, 'must be a Log Analytics workspace ARM id'),
      'workspace ARM id',
    ),
    description:
      'For report links only: the ARM id of each TELEMETRY_WORKSPACES workspace, as `name=/subscriptions/…/workspaces/…` pairs, so ' +
      'evidence from `log_analytics_query` links to the query in the Azure portal. Without it those items link to nothing.',
    default: '',
    example: 'prod-logs=/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/prod-logs',
  },
  TELEMETRY_APP_INSIGHTS: {
    schema: namedList(componentId, 'component ARM id'),
    description:
      'Application Insights components the model may query (resource-centric), as `name=/subscriptions/…/components/…` ' +
      'pairs separated by commas. `app_insights_query` exists only when this is set.',
    default: '',
    example: 'shop-web=/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-shop/providers/Microsoft.Insights/components/shop-web',
  },
  TELEMETRY_APP_INSIGHTS_WORKSPACES: {
    schema: namedList(z.string().min(1), 'workspace name'),
    description:
      'For each App Insights component, the TELEMETRY_WORKSPACES name of the workspace that stores its telemetry, as ' +
      '`component=workspace` pairs; its table schema validates `app_insights_query`. Optional when only one workspace ' +
      'is configured (that one is used); without any workspace, App Insights queries run unvalidated.',
    default: '',
    example: 'shop-web=prod-logs',
  },
  TELEMETRY_ALLOWED_TABLES: {
    schema: csvList,
    description: 'Tables the KQL tools may read (comma-separated); empty allows every table of the workspace schema.',
    default: '',
    example: 'AppRequests,AppExceptions,AppDependencies,AzureActivity',
  },
  TELEMETRY_RESOURCE_GRAPH_SUBSCRIPTIONS: {
    schema: csvList.pipe(z.array(guid)),
    description: 'Subscription ids `resource_graph_query` is scoped to (comma-separated). The tool exists only when this is set.',
    default: '',
    example: '00000000-0000-0000-0000-000000000000',
  },
  TELEMETRY_LOG_ANALYTICS_ENDPOINT: {
    schema: httpsOrigin,
    description: 'Log Analytics query API origin, without `/v1` (sovereign clouds, or the local emulator).',
    default: 'https://api.loganalytics.io',
  },
  TELEMETRY_METRICS_ENDPOINT: {
    schema: httpsOrigin.optional(),
    description:
      'Azure Monitor metrics data-plane origin. When unset it is `https://<region>.metrics.monitor.azure.com` built from ' +
      'the `region` argument or TELEMETRY_METRICS_REGION.',
  },
  TELEMETRY_METRICS_REGION: {
    schema: z.string().regex(/^[a-z0-9]+$/, 'must be an Azure region name such as eastus').optional(),
    description: 'Default Azure region of the metrics endpoint when the model does not name one.',
    example: 'eastus',
  },
  TELEMETRY_ARM_ENDPOINT: {
    schema: httpsOrigin,
    description: 'Azure Resource Manager origin used by Resource Graph (sovereign clouds, or the local emulator).',
    default: 'https://management.azure.com',
  },
  TELEMETRY_EXTRA_CA_FILE: {
    schema: z.string().min(1).optional(),
    description:
      'Path to a PEM file of extra CA certificates trusted (in addition to the public roots) by the Azure clients and ' +
      'the probes; for the local emulator\'s self-signed certificate. Leave unset on Azure.',
  },
  TELEMETRY_CREDENTIAL: {
    schema: z.enum(['auto', 'default', 'managed-identity', 'emulator']),
    description:
      'How the tools authenticate: `auto` uses the user-assigned managed identity AZURE_CLIENT_ID when set and ' +
      'DefaultAzureCredential otherwise; `default` always uses DefaultAzureCredential; `managed-identity` always uses ' +
      'ManagedIdentityCredential (system-assigned when AZURE_CLIENT_ID is unset); `emulator` sends a fixed token and is ' +
      'refused unless every telemetry endpoint is on loopback (the local telemetry emulator of `npm run demo`).',
    default: 'auto',
  },
  AZURE_CLIENT_ID: {
    schema: guid.optional(),
    description: 'Client id of the user-assigned managed identity the tools use (see TELEMETRY_CREDENTIAL).',
  },
  TELEMETRY_MAX_ROWS: {
    schema: positiveInt.max(10_000),
    description: 'Most rows a log or Resource Graph query returns to the model; the rest are cut and the result says so.',
    default: '200',
  },
  TELEMETRY_MAX_RESULT_BYTES: {
    schema: positiveInt.max(4_000_000),
    description: 'Most bytes of JSON rows a query returns to the model; rows past the limit are cut and the result says so.',
    default: '65536',
  },
  TELEMETRY_DEFAULT_TIMESPAN: {
    schema: isoDuration,
    description: 'Time range of a log or metrics query when the model gives none (ISO 8601 duration).',
    default: 'PT1H',
  },
  TELEMETRY_MAX_TIMESPAN: {
    schema: isoDuration,
    description: 'Longest time range a query may cover; longer requests are shortened to it and the result says so.',
    default: 'P7D',
  },
  TELEMETRY_QUERY_TIMEOUT_SECONDS: {
    schema: positiveInt.max(600),
    description: 'Server-side timeout of a log query, and client-side timeout of every telemetry call.',
    default: '60',
  },
  TELEMETRY_PROBE_ALLOWED_HOSTS: {
    schema: csvList,
    description:
      'Hosts `http_probe` and `tls_certificate` may reach even though they resolve to private, loopback, link-local or ' +
      'other special-purpose addresses (exact names or IPs, or `*.suffix`). Empty: only public addresses.',
    default: '',
    example: 'status.internal.contoso.com,*.corp.contoso.com',
  },
  TELEMETRY_PROBE_TIMEOUT_MS: {
    schema: positiveInt.max(120_000),
    description: 'Timeout of one probe (connect, TLS handshake and response), in milliseconds.',
    default: '10000',
  },
  TELEMETRY_PROBE_BODY_BYTES: {
    schema: positiveInt.max(65_536),
    description: 'How many bytes of a probed response body the model sees.',
    default: '2048',
  },
});

/** The parsed `telemetry` settings group. */
type TelemetrySettings = SettingsOf<typeof telemetrySettings.specs>;

export { telemetrySettings };
export type { TelemetrySettings };
