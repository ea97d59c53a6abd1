import { app } from '@azure/functions';
import * as df from 'durable-functions';
import { opsAuthLevel, withOpsAuth } from '../../shared/http/opsAuth';
import { investigationsHttp } from '../../shared/investigation';

// GET /api/investigations?status=&source=&from=&to=; POST /api/investigations {incident, planId?, dryRun?};
// GET /api/investigations/{id}; GET /api/investigations/{id}/report.md|report.json; POST /api/investigations/{id}/terminate?reason=
const client = [df.input.durableClient()];
app.http('listInvestigations', { methods: ['GET'], authLevel: opsAuthLevel(), route: 'investigations', extraInputs: client, handler: withOpsAuth(investigationsHttp.list) });
app.http('startInvestigation', { methods: ['POST'], authLevel: opsAuthLevel(), route: 'investigations', extraInputs: client, handler: withOpsAuth(investigationsHttp.start) });
app.http('getInvestigation', { methods: ['GET'], authLevel: opsAuthLevel(), route: 'investigations/{id}', extraInputs: client, handler: withOpsAuth(investigationsHttp.get) });
app.http('getInvestigationReport', { methods: ['GET'], authLevel: opsAuthLevel(), route: 'investigations/{id}/{file}', handler: withOpsAuth(investigationsHttp.report) });
app.http('terminateInvestigation', { methods: ['POST'], authLevel: opsAuthLevel(), route: 'investigations/{id}/terminate', extraInputs: client, handler: withOpsAuth(investigationsHttp.terminate) });

export { investigationsHttp };
