import { app } from '@azure/functions';
import * as df from 'durable-functions';
import { decideApproval, getApprovalPage, listApprovals } from '../../shared/governance';
import { opsAuthLevel, withOpsAuth } from '../../shared/http/opsAuth';

// GET /api/approvals?investigation=: the approvals of one investigation (JSON).
// GET /api/approvals/{id}: the approval page; POST /api/approvals/{id} {decision, reason}: decide once.
app.http('listApprovals', { methods: ['GET'], authLevel: opsAuthLevel(), route: 'approvals', handler: withOpsAuth(listApprovals) });
app.http('getApprovalPage', { methods: ['GET'], authLevel: opsAuthLevel(), route: 'approvals/{id}', handler: withOpsAuth(getApprovalPage, 'page') });
app.http('decideApproval', { methods: ['POST'], authLevel: opsAuthLevel(), route: 'approvals/{id}', extraInputs: [df.input.durableClient()], handler: withOpsAuth(decideApproval) });

export { listApprovals, getApprovalPage, decideApproval };
