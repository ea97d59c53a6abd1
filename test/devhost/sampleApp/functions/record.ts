import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Appends one line to the run's record file so tests can count executions across processes. */
export function record(line: string): void {
  appendFileSync(join(process.env.SAMPLE_RECORD_DIR!, 'executions.log'), `${line}\n`);
}

/** Lines recorded so far. */
export function recorded(): string[] {
  try {
    return readFileSync(join(process.env.SAMPLE_RECORD_DIR!, 'executions.log'), 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}
