import { app } from '@azure/functions';
import { durableClientInput, getIncident, getIncidentRaw, listIncidents } from '../../shared/ingestion';

// GET /api/incidents?source=&status=: every received alert; GET /api/incidents/{id}: one, with its
// investigation; GET /api/incidents/{id}/raw (master key: the sender's content, unredacted): the body it arrived in.
app.http('listIncidents', { methods: ['GET'], authLevel: 'function', route: 'incidents', handler: listIncidents });
app.http('getIncident', { methods: ['GET'], authLevel: 'function', route: 'incidents/{id}', extraInputs: [durableClientInput], handler: getIncident });

app.http('getIncidentRaw', { methods: ['GET'], authLevel: 'admin', route: 'incidents/{id}/raw', handler: getIncidentRaw });

export { listIncidents, getIncident, getIncidentRaw };
