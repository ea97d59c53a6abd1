import { app, type EventGridEvent, type InvocationContext } from '@azure/functions';
import { durableClientInput, handleEventGridEvent } from '../../shared/ingestion';

/**
 * Event Grid schema deliveries through the Event Grid trigger (the host answers the validation
 * handshake and invokes this once per event). Throws only for failures a retry can fix.
 */
async function eventGridIngestHandler(event: EventGridEvent, context: InvocationContext): Promise<void> {
  await handleEventGridEvent(event, context);
}

app.eventGrid('eventGridIngest', { extraInputs: [durableClientInput], handler: eventGridIngestHandler });

export { eventGridIngestHandler };
