import { performance } from 'node:perf_hooks';
import type { ToolResult } from './tool';

/** What one tool call ran, fixed before it runs so every outcome carries it. */
interface ToolRunInit {
  tool: string;
  /** The exact invocation: KQL text, metric request, probed URL. */
  invocation: string;
  timeRange?: { start: Date; end: Date } | undefined;
}

/** Builds the status-tagged result of one call, timing it from creation. */
interface ToolRun {
  /** Sets or replaces the time range once it is known (e.g. after parsing the arguments). */
  setTimeRange(range: { start: Date; end: Date }): void;
  success(data: unknown, summary: string): ToolResult;
  noData(data: unknown, summary: string): ToolResult;
  /** An `error` result; `summary` defaults to the message. */
  error(code: string, message: string, details?: unknown, summary?: string): ToolResult;
}

/**
 * Starts timing a tool call and returns the builder of its result, so each tool states its
 * invocation once and cannot forget the time range or the duration on any path.
 *
 * @example
 * const run = startToolRun({ tool: 'http_probe', invocation: 'GET https://example.com/' });
 * return run.success({ status: 200 }, 'HTTP 200 in 41 ms');
 */
function startToolRun(init: ToolRunInit): ToolRun {
  const started = performance.now();
  let range = init.timeRange;
  const base = (): Omit<ToolResult, 'status' | 'summary'> => ({
    schemaVersion: 1,
    tool: init.tool,
    invocation: init.invocation,
    ...(range ? { timeRange: { start: range.start.toISOString(), end: range.end.toISOString() } } : {}),
    durationMs: Math.max(0, Math.round(performance.now() - started)),
  });
  return {
    setTimeRange(next) {
      range = next;
    },
    success: (data, summary) => ({ ...base(), status: 'success', data, summary }),
    noData: (data, summary) => ({ ...base(), status: 'no_data', data, summary }),
    error: (code, message, details, summary) => ({
      ...base(),
      status: 'error',
      error: { code, message, ...(details === undefined ? {} : { details }) },
      summary: summary ?? message,
    }),
  };
}

export { startToolRun };
export type { ToolRun, ToolRunInit };
