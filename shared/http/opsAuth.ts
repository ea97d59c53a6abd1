import type { HttpHandler, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { dashboardSettings } from '../dashboard/dashboardSettings';
import { problem } from './problemResponse';

/**
 * The Functions auth level of the dashboard and ops routes: `function` (a key) unless
 * `OPS_AUTH=entra`, where App Service Authentication stands in front and {@link withOpsAuth}
 * requires its principal instead. Read once at registration, like any trigger setting.
 */
function opsAuthLevel(env: NodeJS.ProcessEnv = process.env): 'function' | 'anonymous' {
  return dashboardSettings.load(env).OPS_AUTH === 'entra' ? 'anonymous' : 'function';
}

/** True when App Service Authentication signed the caller in (it sets this header and strips client copies). */
function hasPlatformPrincipal(request: HttpRequest): boolean {
  return Boolean(request.headers.get('x-ms-client-principal') || request.headers.get('x-ms-client-principal-id'));
}

/** A browser's cross-site request: `Sec-Fetch-Site: cross-site`, or an `Origin` other than this host. */
function isCrossSite(request: HttpRequest): boolean {
  if (request.headers.get('sec-fetch-site') === 'cross-site') return true;
  const origin = request.headers.get('origin');
  if (!origin) return false;
  try {
    return new URL(origin).host !== new URL(request.url).host;
  } catch {
    return true;
  }
}

/**
 * Wraps an ops handler: under `OPS_AUTH=entra` a request without a signed-in principal is
 * refused, a page with a redirect to the Entra sign-in that returns to it, JSON with 401. Under
 * `key` the Functions host has already checked the key, so the handler runs as it is.
 */
function withOpsAuth(handler: HttpHandler, kind: 'page' | 'api' = 'api'): HttpHandler {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    if (dashboardSettings.load().OPS_AUTH !== 'entra') return handler(request, context);
    if (hasPlatformPrincipal(request)) {
      // Sign-in rides on a cookie here, so a change (approve, start, terminate) must come from
      // this origin: a form on another site would otherwise act with the signed-in person's cookie.
      if (request.method !== 'GET' && request.method !== 'HEAD' && isCrossSite(request)) {
        return problem(403, 'cross-site-request', 'changes must be made from the dashboard or an API client, not from another site');
      }
      return handler(request, context);
    }
    if (kind === 'page') {
      const url = new URL(request.url);
      const back = `${url.pathname}${url.search}`;
      return { status: 302, headers: { location: `/.auth/login/aad?post_login_redirect_uri=${encodeURIComponent(back)}`, 'cache-control': 'no-store' } };
    }
    return problem(401, 'sign-in-required', 'sign in with Entra ID (App Service Authentication) to use this route', {}, { 'www-authenticate': 'Bearer' });
  };
}

export { opsAuthLevel, withOpsAuth, hasPlatformPrincipal };
