import { app } from '@azure/functions';
import { durableClientInput, getIncident, listIncidents } from '../../shared/ingestion';

// GET /api/incidents?source=&status=: every received alert; GET /api/incidents/{id}: one, with its investigation.
app.http('listIncidents', { methods: ['GET'], authLevel: 'function', route: 'incidents', handler: listIncidents });
app.http('getIncident', { methods: ['GET'], authLevel: 'function', route: 'incidents/{id}', extraInputs: [durableClientInput], handler: getIncident });

export { listIncidents, getIncident };
