import { ConfigError } from '../../../shared/errors';

/**
 * A scenario or data file is malformed. Names the file and (when known) the 1-based line, so a
 * team dropping in its own exported data can fix the exact row.
 */
class TelemetryDataError extends ConfigError {
  public readonly file: string;
  public readonly line: number | undefined;

  public constructor(file: string, line: number | undefined, message: string, options?: ErrorOptions) {
    super(line === undefined ? file : `${file}:${line}`, message, options);
    this.file = file;
    this.line = line;
  }
}

export { TelemetryDataError };
