import { app } from '@azure/functions';
import * as df from 'durable-functions';
import { investigationsHttp } from '../../shared/investigation';

// GET /api/investigations?status=&source=&from=&to=; POST /api/investigations {incident, planId?, dryRun?};
// GET /api/investigations/{id}; GET /api/investigations/{id}/report.md|report.json; POST /api/investigations/{id}/terminate?reason=
const client = [df.input.durableClient()];
app.http('listInvestigations', { methods: ['GET'], authLevel: 'function', route: 'investigations', extraInputs: client, handler: investigationsHttp.list });
app.http('startInvestigation', { methods: ['POST'], authLevel: 'function', route: 'investigations', extraInputs: client, handler: investigationsHttp.start });
app.http('getInvestigation', { methods: ['GET'], authLevel: 'function', route: 'investigations/{id}', extraInputs: client, handler: investigationsHttp.get });
app.http('getInvestigationReport', { methods: ['GET'], authLevel: 'function', route: 'investigations/{id}/{file}', handler: investigationsHttp.report });
app.http('terminateInvestigation', { methods: ['POST'], authLevel: 'function', route: 'investigations/{id}/terminate', extraInputs: client, handler: investigationsHttp.terminate });

export { investigationsHttp };
