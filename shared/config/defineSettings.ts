import { z } from 'zod';
import { ConfigError } from '../errors';

/** How one app setting (environment variable) is declared. */
interface SettingSpec<S extends z.ZodType = z.ZodType> {
  /** zod schema applied to the raw string (use `z.coerce` or a transform for numbers, lists, booleans). */
  schema: S;
  /** What it does, for operators; rendered into docs/configuration.md and local.settings.sample.json. */
  description: string;
  /** Raw value used when the variable is unset or empty; omit for required settings. */
  default?: string;
  /** A secret: never logged, never returned by /api/health, rendered as a placeholder in samples. */
  secret?: boolean;
  /** Example value, shown in docs/configuration.md (never copied into the sample settings file). */
  example?: string;
  /**
   * Value local.settings.sample.json carries when it is not the default. Only for values that are
   * safe to run as they are (e.g. `UseDevelopmentStorage=true`): a copied sample turns nothing on.
   */
  sample?: string;
}

type SettingSpecs = Record<string, SettingSpec>;
type SettingsOf<T extends SettingSpecs> = { [K in keyof T]: z.output<T[K]['schema']> };

/** A named group of settings owned by one module (e.g. `pagerduty`), loaded on demand. */
interface SettingsGroup<T extends SettingSpecs> {
  readonly group: string;
  /** What this group configures, one line. */
  readonly summary: string;
  readonly specs: T;
  /** Parses the group from `env`; throws a {@link ConfigError} naming the first bad variable. */
  load(env?: NodeJS.ProcessEnv): SettingsOf<T>;
  /** True when every required setting of the group is present (used by /api/health). */
  isConfigured(env?: NodeJS.ProcessEnv): boolean;
  /** Names of the settings holding a value other than their default: what the operator chose to set. */
  touched(env?: NodeJS.ProcessEnv): string[];
}

/**
 * Declares a settings group. Values are parsed with zod at load time, so a typo in a setting
 * fails at startup with the variable's name instead of deep inside a request.
 *
 * @example
 * const pagerDutySettings = defineSettings('pagerduty', 'PagerDuty webhooks and REST', {
 *   PAGERDUTY_WEBHOOK_SECRETS: { schema: csvList, description: 'Webhook signing secrets', secret: true },
 * });
 */
function defineSettings<T extends SettingSpecs>(group: string, summary: string, specs: T): SettingsGroup<T> {
  // Hot paths (every ingest request) load settings; parsing is skipped while the raw values are unchanged.
  let last: { raw: string; settings: SettingsOf<T> } | undefined;
  return {
    group,
    summary,
    specs,
    load(env: NodeJS.ProcessEnv = process.env): SettingsOf<T> {
      const raw = JSON.stringify(Object.keys(specs).map((name) => env[name] ?? null));
      if (last?.raw === raw) return last.settings;
      const out: Record<string, unknown> = {};
      for (const [name, spec] of Object.entries(specs)) {
        const raw = env[name];
        const value = raw === undefined || raw.trim() === '' ? spec.default : raw.trim();
        if (value === undefined) {
          if (spec.schema.safeParse(undefined).success) {
            out[name] = spec.schema.parse(undefined);
            continue;
          }
          throw new ConfigError(name, `is required (${spec.description})`);
        }
        if (spec.secret && raw !== undefined && looksLikePlaceholder(value)) {
          throw new ConfigError(name, 'holds a placeholder, not a secret: fill in the real value or leave it empty');
        }
        const parsed = spec.schema.safeParse(value);
        if (!parsed.success) {
          const shown = spec.secret ? '(secret value hidden)' : JSON.stringify(value);
          throw new ConfigError(name, `invalid value ${shown}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
        }
        out[name] = parsed.data;
      }
      last = { raw, settings: Object.freeze(out) as SettingsOf<T> };
      return last.settings;
    },
    isConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
      return Object.entries(specs).every(([name, spec]) => {
        const raw = env[name];
        return (raw !== undefined && raw.trim() !== '') || spec.default !== undefined || spec.schema.safeParse(undefined).success;
      });
    },
    touched(env: NodeJS.ProcessEnv = process.env): string[] {
      return Object.entries(specs)
        .filter(([name, spec]) => {
          const raw = env[name]?.trim() ?? '';
          return raw !== '' && raw !== spec.default;
        })
        .map(([name]) => name);
    },
  };
}

/**
 * True for the stand-ins documentation and samples use instead of a secret (`sk-ant-...`,
 * `<your-token>`, `changeme`, `generate-with-openssl-rand-base64-32`): a copied example must fail
 * at startup naming the setting, not inside every request that uses it.
 */
function looksLikePlaceholder(value: string): boolean {
  return /\.\.\.|<[^<>]*>|\bchange-?me\b|\breplace-?me\b|^generate-with|^your[-_]/i.test(value.trim());
}

/** A comma-separated list setting (`a, b,c` → `['a','b','c']`), empty entries dropped. */
const csvList = z.string().transform((s) =>
  s
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0),
);

/** A positive integer setting given as a string. */
const positiveInt = z.coerce.number().int().positive();

/** A boolean setting: `true|false|1|0|yes|no` (case-insensitive). */
const booleanFlag = z
  .string()
  .regex(/^(true|false|1|0|yes|no)$/i, 'expected true or false')
  .transform((s) => /^(true|1|yes)$/i.test(s));

export { defineSettings, csvList, positiveInt, booleanFlag, looksLikePlaceholder };
export type { SettingSpec, SettingSpecs, SettingsGroup, SettingsOf };
