import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { durableClientInput, handleIngestHttp } from '../../shared/ingestion';

/** Azure Monitor action group webhooks (common alert schema); the function key, and optionally an Entra bearer token, authenticate. */
async function azureMonitorIngestHandler(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handleIngestHttp('azure-monitor', request, context, ['application/json']);
}

app.http('azureMonitorIngest', { methods: ['POST'], authLevel: 'function', route: 'ingest/azure-monitor', extraInputs: [durableClientInput], handler: azureMonitorIngestHandler });

export { azureMonitorIngestHandler };
