import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { buildHealthReport } from '../../shared/health';
import { schedulerHealth } from '../../shared/scheduler/taskOps';
import { appVersion } from '../../shared/version';

/** Liveness and configuration at a glance; anonymous so platform health checks can call it. */
async function healthHandler(_request: HttpRequest): Promise<HttpResponseInit> {
  const report = await buildHealthReport(appVersion);
  // Scheduler lag: seconds since the last tick ran (about 60 when healthy); storage trouble shows above.
  const scheduler = await schedulerHealth().catch((error: unknown) => ({ error: error instanceof Error ? error.name : 'unavailable' }));
  return { status: report.status === 'healthy' ? 200 : 503, jsonBody: { ...report, scheduler }, headers: { 'cache-control': 'no-store' } };
}

app.http('health', { methods: ['GET'], authLevel: 'anonymous', route: 'health', handler: healthHandler });

export { healthHandler };
