import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { booleanFlag, csvList, defineSettings, positiveInt } from '../../../shared/config';
import { settingsCatalog } from '../../../shared/config/catalog';
import { renderConfigurationMarkdown, renderLocalSettingsSample } from '../../../shared/config/renderSettings';

const root = join(__dirname, '..', '..', '..', '..');

describe('defineSettings', () => {
  const sample = defineSettings('sample', 'A sample group', {
    SAMPLE_URL: { schema: z.url(), description: 'Where to call' },
    SAMPLE_RETRIES: { schema: positiveInt, description: 'Retries', default: '3' },
    SAMPLE_HOSTS: { schema: csvList, description: 'Hosts', default: '' },
    SAMPLE_ON: { schema: booleanFlag, description: 'Switch', default: 'false' },
    SAMPLE_TOKEN: { schema: z.string().min(20), description: 'Token', secret: true },
  });

  it('parses values, applies defaults and trims lists', () => {
    const settings = sample.load({ SAMPLE_URL: 'https://example.org', SAMPLE_HOSTS: ' a, b ,,c', SAMPLE_ON: 'YES', SAMPLE_TOKEN: 'x'.repeat(20) });
    expect(settings).toEqual({ SAMPLE_URL: 'https://example.org', SAMPLE_RETRIES: 3, SAMPLE_HOSTS: ['a', 'b', 'c'], SAMPLE_ON: true, SAMPLE_TOKEN: 'x'.repeat(20) });
  });

  it('names a missing required setting', () => {
    expect(() => sample.load({ SAMPLE_TOKEN: 'x'.repeat(20) })).toThrow(/^SAMPLE_URL: is required \(Where to call\)$/);
  });

  it('names a bad value but never prints a secret', () => {
    expect(() => sample.load({ SAMPLE_URL: 'not a url', SAMPLE_TOKEN: 'x'.repeat(20) })).toThrow(/SAMPLE_URL: invalid value "not a url"/);
    let message = '';
    try {
      sample.load({ SAMPLE_URL: 'https://example.org', SAMPLE_TOKEN: 'short-secret' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('SAMPLE_TOKEN: invalid value (secret value hidden)');
    expect(message).not.toContain('short-secret');
  });

  it('reports whether a group is configured without loading it', () => {
    expect(sample.isConfigured({ SAMPLE_URL: 'https://example.org' })).toBe(false);
    expect(sample.isConfigured({ SAMPLE_URL: 'https://example.org', SAMPLE_TOKEN: 'y' })).toBe(true);
  });
});

describe('settings catalog', () => {
  it('declares every setting name once across groups', () => {
    const names = settingsCatalog.flatMap((group) => Object.keys(group.specs));
    expect(new Set(names).size).toBe(names.length);
  });

  it('matches the committed docs/configuration.md and local.settings.sample.json (run npm run docs:settings)', () => {
    expect(readFileSync(join(root, 'docs', 'configuration.md'), 'utf8')).toBe(renderConfigurationMarkdown(settingsCatalog));
    expect(readFileSync(join(root, 'local.settings.sample.json'), 'utf8')).toBe(renderLocalSettingsSample(settingsCatalog));
  });
});
