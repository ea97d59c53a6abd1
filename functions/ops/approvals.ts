import { app } from '@azure/functions';
import * as df from 'durable-functions';
import { decideApproval, getApprovalPage, listApprovals } from '../../shared/governance';

// GET /api/approvals?investigation=: the approvals of one investigation (JSON).
// GET /api/approvals/{id}: the approval page; POST /api/approvals/{id} {decision, reason}: decide once.
app.http('listApprovals', { methods: ['GET'], authLevel: 'function', route: 'approvals', handler: listApprovals });
app.http('getApprovalPage', { methods: ['GET'], authLevel: 'function', route: 'approvals/{id}', handler: getApprovalPage });
app.http('decideApproval', { methods: ['POST'], authLevel: 'function', route: 'approvals/{id}', extraInputs: [df.input.durableClient()], handler: decideApproval });

export { listApprovals, getApprovalPage, decideApproval };
