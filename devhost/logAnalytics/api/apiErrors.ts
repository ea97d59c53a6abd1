/**
 * Error bodies in the shapes the real services return, so SDK clients surface them as they
 * would in Azure (`RestError` with `code`, `details`).
 */
import type { ServerResponse } from 'node:http';

/** An error the emulator answers with; `body` is already in the service's shape. */
class EmulatorHttpError extends Error {
  public readonly status: number;
  public readonly body: Record<string, unknown>;

  public constructor(status: number, body: { error: Record<string, unknown> }) {
    super(String(body.error['message'] ?? 'error'));
    this.name = 'EmulatorHttpError';
    this.status = status;
    this.body = body;
  }
}

/**
 * Log Analytics query API error: `{error: {message, code, correlationId, innererror}}`, e.g.
 * `BadArgumentError` with inner `SyntaxError` / `SemanticError` for a bad query.
 */
function logAnalyticsError(
  status: number,
  code: string,
  message: string,
  inner?: { code: string; message: string },
): EmulatorHttpError {
  return new EmulatorHttpError(status, {
    error: { message, code, correlationId: crypto.randomUUID(), ...(inner ? { innererror: inner } : {}) },
  });
}

/** Azure Resource Manager error (metrics, Resource Graph): `{error: {code, message, details?}}`. */
function armError(status: number, code: string, message: string, details?: Array<{ code: string; message: string }>): EmulatorHttpError {
  return new EmulatorHttpError(status, { error: { code, message, ...(details ? { details } : {}) } });
}

/** Writes a JSON response with the request id headers Azure services return. */
function sendJson(res: ServerResponse, status: number, body: unknown, requestId: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-ms-request-id': requestId,
    'x-ms-correlation-request-id': requestId,
  });
  res.end(text);
}

export { EmulatorHttpError, logAnalyticsError, armError, sendJson };
