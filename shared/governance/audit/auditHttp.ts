import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { ConfigError, isRetryable } from '../../errors';
import { problem } from '../../http/problemResponse';
import { governanceServices } from '../governanceServices';

/** GET /api/audit?investigation=<id>: every audit record of one investigation, oldest first. */
async function getAudit(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const investigationId = request.query.get('investigation');
  if (!investigationId) return problem(400, 'invalid-query', 'the investigation query parameter is required');
  try {
    const records = await governanceServices().auditLog.read(investigationId);
    return { status: 200, headers: { 'cache-control': 'no-store' }, jsonBody: { investigationId, records } };
  } catch (error) {
    context.error('audit read failed', { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    if (error instanceof ConfigError) return problem(503, 'not-configured', `the audit log is not configured (${error.setting})`);
    return problem(isRetryable(error) ? 503 : 500, 'temporarily-unavailable', 'the audit log could not be read; try again');
  }
}

export { getAudit };
