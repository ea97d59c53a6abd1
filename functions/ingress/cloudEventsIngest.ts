import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { durableClientInput, handleIngestHttp } from '../../shared/ingestion';

const CLOUDEVENTS_TYPES = ['application/cloudevents+json', 'application/cloudevents-batch+json', 'application/json'] as const;

/** Event Grid deliveries in CloudEvents 1.0: the OPTIONS validation handshake, then POSTed events. */
async function cloudEventsIngestHandler(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return handleIngestHttp('event-grid', request, context, CLOUDEVENTS_TYPES);
}

app.http('cloudEventsIngest', { methods: ['OPTIONS', 'POST'], authLevel: 'function', route: 'ingest/cloudevents', extraInputs: [durableClientInput], handler: cloudEventsIngestHandler });

export { cloudEventsIngestHandler };
