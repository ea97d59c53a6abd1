import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { buildHealthReport } from '../../shared/health';
import { durableClientInput, ingestionQueueProbe } from '../../shared/ingestion';
import { appVersion } from '../../shared/version';

/** Liveness, configuration and the ingest queue at a glance; anonymous so platform health checks can call it. */
async function healthHandler(_request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const report = await buildHealthReport(appVersion, process.env, 3000, ingestionQueueProbe(context));
  return { status: report.status === 'healthy' ? 200 : 503, jsonBody: report, headers: { 'cache-control': 'no-store' } };
}

app.http('health', { methods: ['GET'], authLevel: 'anonymous', route: 'health', extraInputs: [durableClientInput], handler: healthHandler });

export { healthHandler };
