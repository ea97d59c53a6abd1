import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { settingsCatalog } from './catalog';
import { renderConfigurationMarkdown, renderLocalSettingsSample } from './renderSettings';

/**
 * `npm run docs:settings` rewrites docs/configuration.md and local.settings.sample.json from the
 * settings declarations; `--check` only reports whether they are stale (exit 1), for CI.
 */
const root = join(__dirname, '..', '..', '..');
const outputs: Array<[string, string]> = [
  [join(root, 'docs', 'configuration.md'), renderConfigurationMarkdown(settingsCatalog)],
  [join(root, 'local.settings.sample.json'), renderLocalSettingsSample(settingsCatalog)],
];
const check = process.argv.includes('--check');
let stale = 0;
for (const [file, content] of outputs) {
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    current = '';
  }
  if (current === content) continue;
  stale++;
  if (check) process.stderr.write(`${file} is out of date: run npm run docs:settings\n`);
  else writeFileSync(file, content);
}
process.exit(check && stale > 0 ? 1 : 0);
