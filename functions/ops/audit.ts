import { app } from '@azure/functions';
import { getAudit } from '../../shared/governance';

// GET /api/audit?investigation=<id>: the investigation's append-only audit log, one record per event.
app.http('getAudit', { methods: ['GET'], authLevel: 'function', route: 'audit', handler: getAudit });

export { getAudit };
