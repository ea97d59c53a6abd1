import { coreSettings } from './coreSettings';
import type { SettingsGroup, SettingSpecs } from './defineSettings';

/**
 * Every settings group the app reads. Docs (docs/configuration.md), local.settings.sample.json
 * and /api/health are derived from this list; a module that adds a group registers it here.
 */
const settingsCatalog: ReadonlyArray<SettingsGroup<SettingSpecs>> = [coreSettings];

export { settingsCatalog };
