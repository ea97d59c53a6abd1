import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadApp, terminateApp, type LoadedApp } from './appLoader';
import { durableClientInput } from './durable/clientBinding';
import { handleManagementRequest } from './durable/managementApi';
import { OrchestrationEngine } from './durable/orchestrationEngine';
import { TaskHubStore } from './durable/taskHubStore';
import { handleEventGridWebhook } from './eventGridWebhook';
import { buildHttpRoutes, matchHttpRoute, toRpcHttpRequest, type HttpRoute } from './httpTriggers';
import { fromTypedData, invokeFunction, type InvocationInput } from './invoker';
import { isAuthorized, resolveHostKeys, type HostKeys } from './keys';
import { createLogger, type Logger } from './logger';
import { TimerScheduler } from './timerScheduler';
import { waitForStorage } from './waitForStorage';

const DEVHOST_VERSION = '1.0.0';

interface DevhostOptions {
  /** Folder holding the app's package.json (its `main` glob) and host.json. */
  appDir: string;
  storageConnectionString: string;
  /** @default 7071; 0 lets the OS choose. */
  port?: number;
  /** @default '127.0.0.1' */
  hostname?: string;
  logger?: Logger;
  /** Largest request body accepted, else 413. @default 104857600 (the real host's 100 MiB) */
  maxBodyBytes?: number;
  /** Environment to read keys and settings from. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** How long to wait for storage before giving up. @default 30000 */
  storageWaitMs?: number;
}

/** A running devhost. */
interface Devhost {
  url: string;
  port: number;
  keys: HostKeys;
  app: LoadedApp;
  engine: OrchestrationEngine;
  /** Stops accepting requests, lets running work settle, runs appTerminate hooks. */
  close(): Promise<void>;
}

/**
 * Starts the local Functions + Durable host for the app in `appDir`: loads it as the Node
 * worker would, then serves HTTP triggers under the host.json route prefix, the Event Grid
 * webhook, the Durable management API, and runs timers and orchestrations.
 */
async function startDevhost(options: DevhostOptions): Promise<Devhost> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger();
  const keys = resolveHostKeys(env);
  const maxBodyBytes = options.maxBodyBytes ?? 100 * 1024 * 1024;
  env.DEVHOST_VERSION = DEVHOST_VERSION;

  // Keep idle connections longer than clients do, as Azure's front ends do: a short server
  // timeout races clients that reuse a pooled socket and they see ECONNRESET.
  const server = createServer({ keepAliveTimeout: 65_000 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 7071, options.hostname ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${options.hostname ?? '127.0.0.1'}:${port}`;
  // durable-functions rewrites client URLs to localhost:7071 unless the host name is set.
  env.WEBSITE_HOSTNAME = `${options.hostname ?? '127.0.0.1'}:${port}`;

  try {
    await waitForStorage(options.storageConnectionString, options.storageWaitMs ?? 30000, logger);
    const app = await loadApp(options.appDir, logger);
    const durable = (app.hostJson.extensions as { durableTask?: { hubName?: string; maxConcurrentActivityFunctions?: number } } | undefined)?.durableTask;
    const taskHub = resolveSetting(durable?.hubName, env) || 'TestHubName';
    const store = new TaskHubStore(options.storageConnectionString, taskHub);
    await store.initialize();
    const engine = new OrchestrationEngine({ app, store, logger, maxConcurrentActivities: durable?.maxConcurrentActivityFunctions });
    const routePrefix = (app.hostJson.extensions as { http?: { routePrefix?: string } } | undefined)?.http?.routePrefix ?? 'api';
    const routes = buildHttpRoutes(app);
    app.durableClientInput = durableClientInput(origin, taskHub, keys.master);
    const timers = new TimerScheduler(app, options.storageConnectionString, logger);

    server.on('request', (req, res) => {
      void handleRequest({ req, res, app, engine, routes, routePrefix, keys, maxBodyBytes, logger, origin });
    });
    await engine.start();
    await timers.start();
    logger.log('information', `devhost listening on ${origin}`, { taskHub, routes: routes.map((r) => `${r.methods?.join('|') ?? '*'} /${routePrefix}/${r.route.template}`) });

    let closing: Promise<void> | undefined;
    return {
      url: origin,
      port,
      keys,
      app,
      engine,
      close: () =>
        (closing ??= (async () => {
          timers.stop();
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          });
          await engine.stop();
          await terminateApp(app);
          logger.log('information', 'devhost stopped');
        })()),
    };
  } catch (error) {
    server.close();
    throw error;
  }
}

/** Resolves host.json `%SETTING%` references from the environment. */
function resolveSetting(value: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  return value?.replace(/%([^%]+)%/g, (_, name: string) => env[name] ?? '');
}

interface RequestScope {
  req: IncomingMessage;
  res: ServerResponse;
  app: LoadedApp;
  engine: OrchestrationEngine;
  routes: HttpRoute[];
  routePrefix: string;
  keys: HostKeys;
  maxBodyBytes: number;
  logger: Logger;
  origin: string;
}

async function handleRequest(scope: RequestScope): Promise<void> {
  const { req, res, logger } = scope;
  try {
    const url = new URL(req.url ?? '/', scope.origin);
    const body = await readBody(req, scope.maxBodyBytes);
    if (body === undefined) return send(res, 413, { message: `Request body exceeds ${scope.maxBodyBytes} bytes.` });
    const path = url.pathname;
    const presentedKey = url.searchParams.get('code') ?? headerValue(req, 'x-functions-key') ?? undefined;
    const method = (req.method ?? 'GET').toUpperCase();

    if (path.startsWith('/durabletask/')) {
      if (!isLoopback(req.socket.remoteAddress)) return send(res, 403, { message: 'The durable RPC endpoint only answers local callers.' });
      return sendApi(res, await handleManagementRequest(scope.engine, method, path.slice('/durabletask/'.length), url.searchParams, body.toString('utf8')));
    }
    if (path.startsWith('/runtime/webhooks/durabletask/')) {
      if (!isAuthorized('admin', presentedKey, scope.keys)) return send(res, 401, { message: 'A system key (code) is required.' });
      return sendApi(res, await handleManagementRequest(scope.engine, method, path.slice('/runtime/webhooks/durabletask/'.length), url.searchParams, body.toString('utf8')));
    }
    if (path === '/runtime/webhooks/eventgrid') {
      if (!isAuthorized('admin', presentedKey, scope.keys)) return send(res, 401, { message: 'A system key (code) is required.' });
      return sendApi(res, await handleEventGridWebhook(scope.app, url.searchParams.get('functionName'), method, req.headers, body.toString('utf8'), logger));
    }
    if (path === '/admin/host/status') {
      return send(res, 200, { state: 'Running', version: DEVHOST_VERSION, functions: scope.app.core.functions.size });
    }
    if (path === '/admin/functions') {
      if (!isAuthorized('admin', presentedKey, scope.keys)) return send(res, 401, { message: 'The master key is required.' });
      return send(res, 200, [...scope.app.core.functions.values()].map((f) => ({ name: f.metadata.name, bindings: Object.values(f.metadata.bindings) })));
    }
    const prefix = scope.routePrefix ? `/${scope.routePrefix}` : '';
    // The site root opens the dashboard (on Azure, the Functions host's own page is there instead).
    if (path === '/' && method === 'GET') {
      res.writeHead(302, { location: `${prefix}/dashboard/${url.search}` });
      return void res.end();
    }
    if (!path.toLowerCase().startsWith(prefix.toLowerCase() + '/') && path.toLowerCase() !== prefix.toLowerCase()) return send(res, 404);
    const match = matchHttpRoute(scope.routes, path.slice(prefix.length), method);
    if (!('route' in match)) return send(res, match.methodMismatch ? 405 : 404);
    if (!isAuthorized(match.route.authLevel, presentedKey, scope.keys)) return send(res, 401);
    await invokeHttp(scope, match.route, match.params, url, body);
  } catch (error) {
    if (error instanceof ClientAbortedError) {
      // Nobody is left to answer (the real host logs these as 499, client closed request).
      logger.log('information', 'request aborted by the client', { path: req.url, status: 499 });
      res.destroy();
      return;
    }
    logger.log('error', `request failed: ${error instanceof Error ? error.message : String(error)}`, { path: req.url });
    if (!res.headersSent) send(res, 500);
    else res.end();
  }
}

async function invokeHttp(scope: RequestScope, route: HttpRoute, params: Record<string, string>, url: URL, body: Buffer): Promise<void> {
  const inputs: InvocationInput[] = [{ bindingType: 'httpTrigger', data: { http: toRpcHttpRequest(scope.req, url, params, body) } }];
  let result;
  try {
    result = await invokeFunction(scope.app, route.functionName, inputs, scope.logger);
  } catch {
    // The real host answers an unhandled function error with an empty 500; the log has the details.
    return send(scope.res, 500);
  }
  const http = result.returnValue?.http;
  if (!http) return send(scope.res, 204);
  const headers: Record<string, string | string[]> = { ...(http.headers ?? {}) };
  const cookies = (http.cookies ?? []) as Array<{ name: string; value: string; path?: string; httpOnly?: boolean; secure?: boolean }>;
  if (cookies.length > 0) {
    headers['set-cookie'] = cookies.map((c) => `${c.name}=${c.value}${c.path ? `; Path=${c.path}` : ''}${c.httpOnly ? '; HttpOnly' : ''}${c.secure ? '; Secure' : ''}`);
  }
  const payload = fromTypedData(http.body);
  const bytes = Buffer.isBuffer(payload) ? payload : payload === undefined ? Buffer.alloc(0) : Buffer.from(String(payload));
  scope.res.writeHead(Number(http.statusCode ?? 200), headers);
  scope.res.end(bytes);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    // A client that closes the request mid-body is not a server error (see ClientAbortedError).
    req.on('error', (error) => reject(req.complete ? error : new ClientAbortedError(error)));
    req.on('close', () => {
      if (!req.complete) reject(new ClientAbortedError());
    });
  });
}

/** The client closed the request before its body was read: answered with nothing, logged as information. */
class ClientAbortedError extends Error {
  public constructor(cause?: unknown) {
    super('the client closed the request before sending its whole body', { cause });
    this.name = 'ClientAbortedError';
  }
}

function headerValue(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] ?? null : value ?? null;
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1' || Boolean(address?.startsWith('127.'));
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
}

function sendApi(res: ServerResponse, answer: { status: number; headers?: Record<string, string>; body?: unknown }): void {
  send(res, answer.status, answer.body, answer.headers);
}

export { startDevhost, DEVHOST_VERSION };
export type { Devhost, DevhostOptions };
