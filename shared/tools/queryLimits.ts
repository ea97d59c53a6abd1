import { z } from 'zod';
import type { TelemetrySettings } from './telemetrySettings';

/** Caps every telemetry query obeys, from the `telemetry` settings. */
interface QueryLimits {
  maxRows: number;
  maxBytes: number;
  defaultTimespan: string;
  maxTimespan: string;
  serverTimeoutSeconds: number;
}

/** Reads the query caps out of the settings group. */
function queryLimitsFrom(settings: TelemetrySettings): QueryLimits {
  return {
    maxRows: settings.TELEMETRY_MAX_ROWS,
    maxBytes: settings.TELEMETRY_MAX_RESULT_BYTES,
    defaultTimespan: settings.TELEMETRY_DEFAULT_TIMESPAN,
    maxTimespan: settings.TELEMETRY_MAX_TIMESPAN,
    serverTimeoutSeconds: settings.TELEMETRY_QUERY_TIMEOUT_SECONDS,
  };
}

/** The `timespan` / `end` arguments shared by the log and metrics tools, described for the model. */
function timeWindowParameters(limits: QueryLimits) {
  return {
    timespan: z
      .string()
      .optional()
      .describe(
        `ISO 8601 duration the query covers, ending at \`end\`: PT15M, PT1H, P1D... Default ${limits.defaultTimespan}, ` +
          `maximum ${limits.maxTimespan} (longer ones are shortened).`,
      ),
    end: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('ISO 8601 end of the window, e.g. the alert time plus a margin; default now.'),
  };
}

export { queryLimitsFrom, timeWindowParameters };
export type { QueryLimits };
