import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { durableClientInput, handleIngestHttp } from '../../shared/ingestion';

/** PagerDuty Webhooks V3; anonymous because the HMAC signature over the raw body is the authentication. */
async function pagerDutyIngestHandler(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handleIngestHttp('pagerduty', request, context, ['application/json']);
}

app.http('pagerDutyIngest', { methods: ['POST'], authLevel: 'anonymous', route: 'ingest/pagerduty', extraInputs: [durableClientInput], handler: pagerDutyIngestHandler });

export { pagerDutyIngestHandler };
