/**
 * The local telemetry emulator: one HTTPS server speaking the Log Analytics query API, the Azure
 * Monitor metrics batch API and Azure Resource Graph, over bundled (or team-provided) scenario
 * data, so the real SDK clients (`LogsQueryClient`, `MetricsClient`, `ResourceGraphClient`) work
 * against it unchanged through their endpoint options. See docs/telemetry-emulator.md.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

import { EmulatorHttpError, armError, logAnalyticsError, sendJson } from './api/apiErrors';
import { workspaceMetadata } from './api/logsMetadata';
import { runLogsBatch, runLogsQuery } from './api/logsQuery';
import { runMetricsBatch } from './api/metricsBatch';
import { runResourceGraphQuery } from './api/resourceGraph';
import { listScenarios, loadScenarioFromDir, type LoadedScenario } from './data/scenarioLoader';
import { TelemetryStore } from './data/telemetryStore';
import { requestClock, SYSTEM_CLOCK, type EmulatorClock } from './data/emulatorClock';
import { selfSignedCertificate, type SelfSignedCertificate } from './selfSignedCertificate';

/** How to start the emulator. Give `scenarios`, `scenariosDir` or `dataDir`. */
interface TelemetryEmulatorOptions {
  /** Already loaded scenarios (e.g. from `loadScenario`). */
  scenarios?: LoadedScenario[];
  /** A folder of scenario folders (`scenarios/`); all are loaded unless `scenarioIds` narrows them. */
  scenariosDir?: string;
  scenarioIds?: string[];
  /** One scenario folder (holding `scenario.yaml`), e.g. a team's own exported data. */
  dataDir?: string;
  /** @default 0 (the OS picks a free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** The wall clock: the load anchor and `now()` of every query under the system clock. @default () => new Date() */
  now?: () => Date;
  /**
   * `system` (default: data shifted to look recent, `now()` follows `now`), `recorded` or a pinned
   * instant (data kept as recorded, `now()` stands still); see data/emulatorClock.ts.
   */
  clock?: EmulatorClock;
  /**
   * `https` (default) because the SDKs' bearer-token policy refuses plain http; `http` for
   * clients without bearer auth. A `tls` key pair may be given instead of the generated one.
   */
  protocol?: 'https' | 'http';
  tls?: SelfSignedCertificate;
  /** Result row limit per query. @default 30000 */
  maxRows?: number;
  /** Where request and startup lines go. @default no logging */
  log?: (line: string) => void;
}

/** A running emulator. */
interface TelemetryEmulator {
  /** Origin, e.g. `https://127.0.0.1:51234`. Metrics and Resource Graph clients use it as is. */
  url: string;
  /** Log Analytics endpoint for `LogsQueryClient({ endpoint })`: `${url}/v1`. */
  logsEndpoint: string;
  port: number;
  /** PEM certificate to trust (`tlsOptions: { ca }`); undefined over http. */
  ca: string | undefined;
  store: TelemetryStore;
  scenarios: readonly LoadedScenario[];
  /** What `now()` is for queries right now (fixed under a pinned clock). */
  now: () => Date;
  close(): Promise<void>;
}

function loadAll(options: TelemetryEmulatorOptions, now: Date, clock: EmulatorClock): LoadedScenario[] {
  const loaded = [...(options.scenarios ?? [])];
  if (options.dataDir) loaded.push(loadScenarioFromDir(options.dataDir, now, clock));
  if (options.scenariosDir) {
    for (const summary of listScenarios(options.scenariosDir)) {
      if (!options.scenarioIds || options.scenarioIds.includes(summary.id)) loaded.push(loadScenarioFromDir(summary.dir, now, clock));
    }
  }
  return loaded;
}

async function readJsonBody(req: IncomingMessage, armStyle: boolean): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw armStyle
      ? armError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized')
      : logAnalyticsError(400, 'BadArgumentError', 'The request body is not valid JSON');
  }
}

type Handler = (req: IncomingMessage, url: URL, path: string) => Promise<unknown>;

function createRouter(store: TelemetryStore, clock: () => Date, maxRows: number): Handler {
  return async (req, url, path) => {
    const method = req.method ?? 'GET';
    const prefer = req.headers['prefer'] as string | undefined;
    // LogsQueryClient's `endpoint` option replaces the whole base URL, so accept routes with or without /v1.
    const logsPath = path.replace(/^\/v1(?=\/)/i, '');

    if (/^\/subscriptions\/[^/]+\/metrics:getBatch$/i.test(path) && method === 'POST') {
      const q = url.searchParams;
      return runMetricsBatch(
        {
          metricnamespace: q.get('metricnamespace'),
          metricnames: q.get('metricnames'),
          starttime: q.get('starttime'),
          endtime: q.get('endtime'),
          interval: q.get('interval'),
          aggregation: q.get('aggregation'),
          filter: q.get('filter'),
          top: q.get('top'),
        },
        await readJsonBody(req, true),
        store,
        clock(),
      );
    }
    if (/^\/providers\/Microsoft\.ResourceGraph\/resources$/i.test(path) && method === 'POST') {
      return runResourceGraphQuery(await readJsonBody(req, true), store, clock());
    }
    if (/^\/(\$|%24)batch$/i.test(logsPath) && method === 'POST') {
      return runLogsBatch(await readJsonBody(req, false), { store, now: clock(), maxRows });
    }
    const workspaceRoute = /^\/workspaces\/([^/]+)\/(query|metadata)$/i.exec(logsPath);
    if (workspaceRoute) {
      const workspaceId = decodeURIComponent(workspaceRoute[1]!);
      if (workspaceRoute[2]!.toLowerCase() === 'metadata') {
        const workspace = store.workspace(workspaceId);
        if (!workspace) throw logAnalyticsError(404, 'WorkspaceNotFoundError', `The workspace ${workspaceId} could not be found`);
        return workspaceMetadata(workspace);
      }
      const body = method === 'GET' ? { query: url.searchParams.get('query') ?? '', timespan: url.searchParams.get('timespan') ?? undefined } : await readJsonBody(req, false);
      return runLogsQuery({ workspaceId }, body, { store, now: clock(), maxRows, prefer });
    }
    const resourceRoute = /^(\/subscriptions\/.+)\/query$/i.exec(logsPath);
    if (resourceRoute) {
      const body = method === 'GET' ? { query: url.searchParams.get('query') ?? '', timespan: url.searchParams.get('timespan') ?? undefined } : await readJsonBody(req, false);
      return runLogsQuery({ resourceId: decodeURIComponent(resourceRoute[1]!) }, body, { store, now: clock(), maxRows, prefer });
    }
    if (path === '/health') return { status: 'ok', scenarios: store.scenarios.map((s) => s.id) };
    throw logAnalyticsError(404, 'PathNotFoundError', `The requested path does not exist in the telemetry emulator: ${method} ${path}`);
  };
}

/**
 * Starts the emulator. Accepts any bearer token (it is an emulator: the credential is not checked,
 * only that one is sent, so a client that forgot auth still fails as in Azure).
 *
 * @example
 * const emulator = await startTelemetryEmulator({ scenariosDir: 'scenarios', port: 0 });
 * const logs = new LogsQueryClient(credential, { endpoint: emulator.logsEndpoint, tlsOptions: { ca: emulator.ca } });
 */
async function startTelemetryEmulator(options: TelemetryEmulatorOptions): Promise<TelemetryEmulator> {
  const wallClock = options.now ?? (() => new Date());
  const emulatorClock = options.clock ?? SYSTEM_CLOCK;
  const scenarios = loadAll(options, wallClock(), emulatorClock);
  const clock = requestClock(emulatorClock, scenarios, wallClock);
  const store = new TelemetryStore(scenarios);
  const route = createRouter(store, clock, options.maxRows ?? 30_000);
  const log = options.log ?? (() => undefined);
  const protocol = options.protocol ?? 'https';

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const requestId = crypto.randomUUID();
    const url = new URL(req.url ?? '/', 'http://emulator');
    const path = url.pathname.replace(/\/{2,}/g, '/');
    const armStyle = /metrics:getBatch|Microsoft\.ResourceGraph/i.test(path);
    void (async () => {
      try {
        if (path !== '/health' && !/^Bearer\s+\S+/i.test(req.headers.authorization ?? '')) {
          throw armStyle
            ? armError(401, 'AuthenticationFailed', 'Authentication failed. The Authorization header is missing.')
            : logAnalyticsError(401, 'AuthorizationRequiredError', 'Valid authentication was not provided');
        }
        const body = await route(req, url, path);
        log(`${req.method} ${path} 200`);
        sendJson(res, 200, body, requestId);
      } catch (error) {
        const failure = error instanceof EmulatorHttpError ? error : logAnalyticsError(500, 'InternalServerError', (error as Error).message);
        log(`${req.method} ${path} ${failure.status} ${failure.message}`);
        sendJson(res, failure.status, failure.body, requestId);
      }
    })();
  };

  let server: Server;
  let ca: string | undefined;
  if (protocol === 'https') {
    const tls = options.tls ?? (await selfSignedCertificate());
    ca = tls.cert;
    server = createHttpsServer({ key: tls.key, cert: tls.cert }, listener);
  } else {
    server = createHttpServer(listener);
  }
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `${protocol}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log(`telemetry emulator on ${url} (accepts any bearer token; scenarios: ${scenarios.map((s) => s.id).join(', ') || 'none'})`);

  return {
    url,
    logsEndpoint: `${url}/v1`,
    port,
    ca,
    store,
    scenarios,
    now: clock,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export type { TelemetryEmulatorOptions, TelemetryEmulator };
export { startTelemetryEmulator };
