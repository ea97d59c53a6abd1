import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { withOpsFailures } from '../../http/opsFailure';
import { parseQuery } from '../../http/queryParameters';
import { recordIdSchema } from '../../ids';
import { governanceServices } from '../governanceServices';

/** GET /api/audit?investigation=<id>: every audit record of one investigation, oldest first. */
const getAudit = withOpsFailures('reading the audit log', async (request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> => {
  const { investigation: investigationId } = parseQuery(request, { investigation: recordIdSchema });
  const records = await governanceServices().auditLog.read(investigationId);
  return { status: 200, headers: { 'cache-control': 'no-store' }, jsonBody: { investigationId, records } };
});

export { getAudit };
