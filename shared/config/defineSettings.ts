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
  /** Example value for the sample settings file when there is no default. */
  example?: string;
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
  };
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

export { defineSettings, csvList, positiveInt, booleanFlag };
export type { SettingSpec, SettingSpecs, SettingsGroup, SettingsOf };
