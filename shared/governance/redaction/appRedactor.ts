import type { SettingsGroup, SettingSpecs } from '../../config';
import { createRedactor, type Redactor } from './redactor';

/** The current values of every `secret: true` setting in `groups`, read from `env`. */
function secretSettingValues(groups: ReadonlyArray<SettingsGroup<SettingSpecs>>, env: NodeJS.ProcessEnv = process.env): string[] {
  const values: string[] = [];
  for (const group of groups) {
    for (const [name, spec] of Object.entries(group.specs)) {
      if (!spec.secret) continue;
      const raw = env[name]?.trim();
      if (!raw) continue;
      values.push(raw);
      // List settings (several webhook secrets) are redacted value by value too.
      if (raw.includes(',')) values.push(...raw.split(',').map((part) => part.trim()));
      // A connection string's key is redacted on its own, wherever it shows up.
      for (const match of raw.matchAll(/(?:AccountKey|SharedAccessKey|Password)=([^;]+)/gi)) values.push(match[1]!);
    }
  }
  return values;
}

/**
 * The redactor the app uses everywhere (model input, logs, reports, audit, sinks): the built-in
 * secret shapes, the current value of every secret setting in the catalog, and the operator's
 * extra literals and patterns from the governance settings.
 *
 * @param groups the settings catalog (`settingsCatalog` from `shared/config/catalog`), passed in
 *   so this module does not import the catalog that registers it.
 */
function createAppRedactor(
  groups: ReadonlyArray<SettingsGroup<SettingSpecs>>,
  extra: { literals?: ReadonlyArray<string>; patterns?: ReadonlyArray<string> } = {},
  env: NodeJS.ProcessEnv = process.env,
): Redactor {
  return createRedactor({
    literals: [...secretSettingValues(groups, env), ...(extra.literals ?? [])],
    patterns: extra.patterns ?? [],
  });
}

export { createAppRedactor, secretSettingValues };
