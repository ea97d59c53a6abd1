import { app } from '@azure/functions';
import { durableClientInput, getIncident, getIncidentRaw, listIncidents } from '../../shared/ingestion';
import { opsAuthLevel, withOpsAuth } from '../../shared/http/opsAuth';

// GET /api/incidents?source=&status=: every received alert; GET /api/incidents/{id}: one, with its
// investigation; GET /api/incidents/{id}/raw (master key: the sender's content, unredacted): the body it arrived in.
app.http('listIncidents', { methods: ['GET'], authLevel: opsAuthLevel(), route: 'incidents', handler: withOpsAuth(listIncidents) });
app.http('getIncident', { methods: ['GET'], authLevel: opsAuthLevel(), route: 'incidents/{id}', extraInputs: [durableClientInput], handler: withOpsAuth(getIncident) });

app.http('getIncidentRaw', { methods: ['GET'], authLevel: 'admin', route: 'incidents/{id}/raw', handler: getIncidentRaw });

export { listIncidents, getIncident, getIncidentRaw };
