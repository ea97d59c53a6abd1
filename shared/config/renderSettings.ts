import type { SettingsGroup, SettingSpecs } from './defineSettings';

type Catalog = ReadonlyArray<SettingsGroup<SettingSpecs>>;

const escapeCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** docs/configuration.md: one table per settings group, generated so it never drifts from the code. */
function renderConfigurationMarkdown(catalog: Catalog): string {
  const lines = [
    '# Configuration',
    '',
    '<!-- Generated from shared/config/catalog.ts by `npm run docs:settings`; edit the settings declarations, not this file. -->',
    '',
    'Every setting is an app setting (environment variable). On Azure, set them on the Function App',
    '(secrets as Key Vault references: `@Microsoft.KeyVault(SecretUri=...)`); locally, put them in',
    '`local.settings.json` (copy `local.settings.sample.json`). Values are validated at startup and a bad',
    'value fails with the setting\'s name. Secrets are never logged or returned by `/api/health`.',
    '',
  ];
  for (const group of catalog) {
    lines.push(`## ${group.group}`, '', group.summary + '.', '', '| Setting | Default | Secret | Description |', '| --- | --- | --- | --- |');
    for (const [name, spec] of Object.entries(group.specs)) {
      const fallback = spec.default !== undefined ? `\`${spec.default}\`` : spec.schema.safeParse(undefined).success ? '(optional)' : '**required**';
      const description = spec.example !== undefined ? `${spec.description} Example: \`${spec.example}\`.` : spec.description;
      lines.push(`| \`${name}\` | ${escapeCell(fallback)} | ${spec.secret ? 'yes' : ''} | ${escapeCell(description)} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/**
 * local.settings.sample.json: every setting with its default (or its safe `sample` value), and
 * empty where there is none. Empty means unset to the settings loader, so a copied sample turns
 * no integration on and changes no result; examples live in docs/configuration.md instead.
 */
function renderLocalSettingsSample(catalog: Catalog): string {
  const values: Record<string, string> = { FUNCTIONS_WORKER_RUNTIME: 'node' };
  for (const group of catalog) {
    for (const [name, spec] of Object.entries(group.specs)) {
      values[name] = spec.sample ?? spec.default ?? '';
    }
  }
  return JSON.stringify({ IsEncrypted: false, Values: values }, null, 2) + '\n';
}

export { renderConfigurationMarkdown, renderLocalSettingsSample };
