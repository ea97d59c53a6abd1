import type { IncomingMessage } from 'node:http';
import type { LoadedApp } from './appLoader';
import type { RpcHttpData } from './coreApiTypes';
import { compileRoute, type CompiledRoute } from './routeTemplate';

/** An HTTP-triggered function and how to reach it. */
interface HttpRoute {
  functionName: string;
  route: CompiledRoute;
  methods: string[] | undefined;
  authLevel: string;
}

/** Builds the route table from the registered functions, most specific first. */
function buildHttpRoutes(app: LoadedApp): HttpRoute[] {
  const routes: HttpRoute[] = [];
  for (const fn of app.core.functions.values()) {
    const bindings = Object.values(fn.metadata.bindings);
    const trigger = bindings.find((b) => b.type === 'httpTrigger');
    if (!trigger) continue;
    routes.push({
      functionName: fn.metadata.name,
      route: compileRoute(typeof trigger.route === 'string' && trigger.route ? trigger.route : fn.metadata.name),
      methods: Array.isArray(trigger.methods) ? (trigger.methods as string[]).map((m) => m.toUpperCase()) : undefined,
      authLevel: typeof trigger.authLevel === 'string' ? trigger.authLevel : 'function',
    });
  }
  return routes.sort((a, b) => b.route.precedence - a.route.precedence);
}

/** Finds the route for a path and method; `methodMismatch` tells a 405 from a 404. */
function matchHttpRoute(routes: HttpRoute[], path: string, method: string): { route: HttpRoute; params: Record<string, string> } | { methodMismatch: boolean } {
  let methodMismatch = false;
  for (const route of routes) {
    const params = route.route.match(path);
    if (!params) continue;
    if (route.methods && !route.methods.includes(method)) {
      methodMismatch = true;
      continue;
    }
    return { route, params };
  }
  return { methodMismatch };
}

/** The RPC http input the library turns into its own `HttpRequest`. */
function toRpcHttpRequest(req: IncomingMessage, url: URL, params: Record<string, string>, body: Buffer): RpcHttpData {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = value;
  return { method: req.method ?? 'GET', url: url.href, headers, query, params, body: { bytes: body } };
}

export { buildHttpRoutes, matchHttpRoute, toRpcHttpRequest };
export type { HttpRoute };
