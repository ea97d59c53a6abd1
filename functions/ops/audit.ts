import { app } from '@azure/functions';
import { getAudit } from '../../shared/governance';
import { opsAuthLevel, withOpsAuth } from '../../shared/http/opsAuth';

// GET /api/audit?investigation=<id>: the investigation's append-only audit log, one record per event.
app.http('getAudit', { methods: ['GET'], authLevel: opsAuthLevel(), route: 'audit', handler: withOpsAuth(getAudit) });

export { getAudit };
