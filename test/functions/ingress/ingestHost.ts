import { createHmac, randomBytes } from 'node:crypto';
import { ingestionSettings, ingestionStore, type IngestionStore } from '../../../shared/ingestion';
import { loadEventText } from '../../shared/sources/loadEvent';
import { startDevhostProcess, type DevhostProcess } from '../../helpers/devhostProcess';

const PAGERDUTY_SECRETS = ['pd-old-secret', 'pd-new-secret'] as const;
const SERVICENOW_SECRET = 'sn-shared-secret';

/** Settings for a devhost running the product app with its own ingestion tables and secrets. */
function ingestEnv(overrides: Record<string, string> = {}): Record<string, string> {
  const suffix = randomBytes(5).toString('hex');
  return {
    PAGERDUTY_WEBHOOK_SECRETS: PAGERDUTY_SECRETS.join(','),
    SERVICENOW_INBOUND_HMAC_SECRETS: SERVICENOW_SECRET,
    INGEST_RAW_CONTAINER: `raw-${suffix}`,
    INGEST_INCIDENTS_TABLE: `Inc${suffix}`,
    INGEST_DELIVERIES_TABLE: `Del${suffix}`,
    INGEST_GROUPS_TABLE: `Grp${suffix}`,
    INGEST_QUEUE_TABLE: `Que${suffix}`,
    DEVHOST_LOG_LEVEL: 'information',
    ...overrides,
  };
}

/** Starts the product app on the devhost with {@link ingestEnv}. */
async function startIngestHost(overrides: Record<string, string> = {}): Promise<DevhostProcess> {
  return (await startIngestHostWithStore(overrides)).host;
}

/** {@link startIngestHost}, with the host's own ingestion storage opened, for tests that read or plant its state. */
async function startIngestHostWithStore(overrides: Record<string, string> = {}): Promise<{ host: DevhostProcess; store: IngestionStore }> {
  const env = ingestEnv(overrides);
  const host = await startDevhostProcess({ app: '.', env });
  return { host, store: ingestionStore(ingestionSettings.load(env), { AzureWebJobsStorage: process.env.TEST_STORAGE_CONNECTION_STRING! }) };
}

/** A JSON answer: status, headers and the parsed body (`undefined` when empty). */
interface Answer {
  status: number;
  contentType: string;
  body: any;
}

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : undefined };
}

/** POSTs a body to `/api/<route>` with the function key. */
async function post(host: DevhostProcess, route: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${host.url}/api/${route}?code=${host.functionKey}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return answerOf(response);
}

/** GETs `/api/<path>` with the function key. */
async function get(host: DevhostProcess, path: string): Promise<Answer> {
  const separator = path.includes('?') ? '&' : '?';
  return answerOf(await fetch(`${host.url}/api/${path}${separator}code=${host.functionKey}`));
}

/** PagerDuty's `X-PagerDuty-Signature` header over the raw body, one `v1=` entry per secret. */
function pagerDutyHeaders(body: string | Buffer, webhookId: string, secrets: readonly string[] = [PAGERDUTY_SECRETS[1]]): Record<string, string> {
  const signature = secrets.map((secret) => `v1=${createHmac('sha256', secret).update(body).digest('hex')}`).join(',');
  return { 'x-pagerduty-signature': signature, 'x-webhook-id': webhookId, 'user-agent': 'PagerDuty-Webhook/V3.0' };
}

/** The ServiceNow business rule's headers: base64 HMAC of `<timestamp>.<body>` (the timestamp is now unless given, in Unix seconds). */
function serviceNowHeaders(body: string, unixSeconds = Math.floor(Date.now() / 1000)): Record<string, string> {
  const timestamp = String(unixSeconds);
  const mac = createHmac('sha256', SERVICENOW_SECRET).update(`${timestamp}.${body}`).digest('base64');
  return { 'x-signature-timestamp': timestamp, 'x-signature': `sha256=${mac}` };
}

/** An Azure Monitor metric alert from the fixture with its own alert guid (same rule and resource). */
function azureMonitorAlert(alertGuid: string, condition: 'Fired' | 'Resolved' = 'Fired', fixture = 'metric.json'): string {
  const alert = JSON.parse(loadEventText('azure-monitor', fixture)) as { data: { essentials: Record<string, unknown> } };
  const essentials = alert.data.essentials;
  essentials.alertId = String(essentials.alertId).replace(/[0-9a-f-]{36}$/, alertGuid);
  essentials.monitorCondition = condition;
  if (condition === 'Resolved') essentials.resolvedDateTime = new Date().toISOString();
  return JSON.stringify(alert);
}

/** A fresh random GUID-shaped alert id. */
function guid(): string {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}

export { ingestEnv, startIngestHost, startIngestHostWithStore, post, get, pagerDutyHeaders, serviceNowHeaders, azureMonitorAlert, guid, PAGERDUTY_SECRETS };
export type { Answer };
