/** Fields every devhost log line may carry; `function`, `invocationId`, `instanceId` correlate lines. */
interface LogFields {
  function?: string;
  invocationId?: string;
  instanceId?: string;
  [field: string]: unknown;
}

type LogLevel = 'trace' | 'debug' | 'information' | 'warning' | 'error' | 'critical';

/** Structured logger: one JSON object per line, so logs are greppable and machine-readable. */
interface Logger {
  log(level: LogLevel, message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const LEVEL_ORDER: Record<LogLevel, number> = { trace: 0, debug: 1, information: 2, warning: 3, error: 4, critical: 5 };

/**
 * Creates a logger writing JSON lines to `write` (stdout by default), dropping levels below
 * `minLevel` (env `DEVHOST_LOG_LEVEL`, default `information`).
 */
function createLogger(
  write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  minLevel: LogLevel = (process.env.DEVHOST_LOG_LEVEL as LogLevel | undefined) ?? 'information',
  base: LogFields = {},
): Logger {
  const threshold = LEVEL_ORDER[minLevel] ?? LEVEL_ORDER.information;
  return {
    log(level, message, fields) {
      if (LEVEL_ORDER[level] < threshold) return;
      write(JSON.stringify({ time: new Date().toISOString(), level, message, ...base, ...fields }));
    },
    child(fields) {
      return createLogger(write, minLevel, { ...base, ...fields });
    },
  };
}

/** Maps the worker's RPC log level names (`information`, `warning`, ...) to ours. */
function toLogLevel(rpcLevel: string): LogLevel {
  const level = rpcLevel.toLowerCase();
  return (level in LEVEL_ORDER ? level : 'information') as LogLevel;
}

export { createLogger, toLogLevel };
export type { Logger, LogFields, LogLevel };
