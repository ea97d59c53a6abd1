import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { buildHealthReport } from '../../shared/health';
import { appVersion } from '../../shared/version';

/** Liveness and configuration at a glance; anonymous so platform health checks can call it. */
async function healthHandler(_request: HttpRequest): Promise<HttpResponseInit> {
  const report = await buildHealthReport(appVersion);
  return { status: report.status === 'healthy' ? 200 : 503, jsonBody: report, headers: { 'cache-control': 'no-store' } };
}

app.http('health', { methods: ['GET'], authLevel: 'anonymous', route: 'health', handler: healthHandler });

export { healthHandler };
