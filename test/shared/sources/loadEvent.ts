import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the test directory');
    dir = parent;
  }
  return dir;
}

/** The raw text of `test/fixtures/events/<source>/<name>` (tests run from dist/, fixtures stay in the source tree). */
function loadEventText(source: string, name: string): string {
  return readFileSync(join(repoRoot(), 'test', 'fixtures', 'events', source, name), 'utf8');
}

/** A fixture parsed as JSON, as a fresh copy the test may change. */
function loadEvent<T = Record<string, unknown>>(source: string, name: string): T {
  return JSON.parse(loadEventText(source, name)) as T;
}

export { loadEvent, loadEventText };
