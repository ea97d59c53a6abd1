import { app } from '@azure/functions';
import { durableClientInput, getIncident, getIncidentRaw, listIncidents } from '../../shared/ingestion';

// GET /api/incidents?source=&status=: every received alert; GET /api/incidents/{id}: one, with its
// investigation; GET /api/incidents/{id}/raw: the body it arrived in, byte for byte.
app.http('listIncidents', { methods: ['GET'], authLevel: 'function', route: 'incidents', handler: listIncidents });
app.http('getIncident', { methods: ['GET'], authLevel: 'function', route: 'incidents/{id}', extraInputs: [durableClientInput], handler: getIncident });

app.http('getIncidentRaw', { methods: ['GET'], authLevel: 'function', route: 'incidents/{id}/raw', handler: getIncidentRaw });

export { listIncidents, getIncident, getIncidentRaw };
