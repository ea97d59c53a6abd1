import { app, type InvocationContext, type Timer } from '@azure/functions';
import { durableClientInput, startQueuedInvestigations } from '../../shared/ingestion';

/**
 * Every 30 s, starts investigations queued behind the concurrency cap once capacity frees up
 * (ingests also try after each delivery; this covers quiet periods and starters that died).
 */
async function startQueuedInvestigationsHandler(_timer: Timer, context: InvocationContext): Promise<void> {
  await startQueuedInvestigations(context);
}

app.timer('startQueuedInvestigations', { schedule: '*/30 * * * * *', extraInputs: [durableClientInput], handler: startQueuedInvestigationsHandler });

export { startQueuedInvestigationsHandler };
