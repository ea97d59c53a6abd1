import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { buildHealthReport } from '../../shared/health';
import { durableClientInput, ingestionQueueProbe } from '../../shared/ingestion';
import { schedulerHealth } from '../../shared/scheduler/taskOps';
import { appVersion } from '../../shared/version';

/** Liveness, configuration, the ingest queue and the scheduler at a glance; anonymous so platform health checks can call it. */
async function healthHandler(_request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const report = await buildHealthReport(appVersion, process.env, 3000, ingestionQueueProbe(context));
  // Scheduler lag: seconds since the last tick ran (about 60 when healthy); storage trouble shows above.
  const scheduler = await schedulerHealth().catch((error: unknown) => ({ error: error instanceof Error ? error.name : 'unavailable' }));
  return { status: report.status === 'healthy' ? 200 : 503, jsonBody: { ...report, scheduler }, headers: { 'cache-control': 'no-store' } };
}

app.http('health', { methods: ['GET'], authLevel: 'anonymous', route: 'health', extraInputs: [durableClientInput], handler: healthHandler });

export { healthHandler };
