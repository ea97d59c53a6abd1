import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { durableClientInput, handleIngestHttp } from '../../shared/ingestion';

/** ServiceNow business-rule pushes; anonymous because the HMAC (or basic auth) is the authentication. */
async function serviceNowIngestHandler(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handleIngestHttp('servicenow', request, context, ['application/json']);
}

app.http('serviceNowIngest', { methods: ['POST'], authLevel: 'anonymous', route: 'ingest/servicenow', extraInputs: [durableClientInput], handler: serviceNowIngestHandler });

export { serviceNowIngestHandler };
