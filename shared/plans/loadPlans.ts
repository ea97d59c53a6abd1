import { resolve } from 'node:path';
import { ConfigError } from '../errors';
import { parsePlanFile } from './parsePlanFile';
import type { Plan } from './planSchema';
import type { PlanSource } from './planSource';

/** The plans in force, with the file each came from (for logs and the report). */
interface LoadedPlans {
  plans: Plan[];
  /** Plan id → the file it was read from (an override's name when it replaced a bundled plan). */
  origins: Record<string, string>;
}

/** One file that failed validation. */
interface PlanFileProblem {
  file: string;
  /** `<file>: <field path>` as in {@link ConfigError.setting}. */
  setting: string;
  message: string;
}

/**
 * The bundled plans folder, resolved from the compiled module (`dist/shared/plans` → `plans/`),
 * so it works the same under the Functions host, the devhost and tests.
 */
function bundledPlansDirectory(): string {
  return resolve(__dirname, '..', '..', '..', 'plans');
}

/**
 * Loads the bundled plans, then each override source in order: an override with the same id
 * replaces the plan before it. Two files with the same id inside one source are a
 * {@link ConfigError}, as is any invalid file (the first one, by name).
 */
async function loadPlans(bundled: PlanSource, overrides: ReadonlyArray<PlanSource> = []): Promise<LoadedPlans> {
  const byId = new Map<string, { plan: Plan; origin: string }>();
  for (const source of [bundled, ...overrides]) {
    const seen = new Map<string, string>();
    for (const file of await source.list()) {
      const plan = parsePlanFile(file.name, file.text);
      const earlier = seen.get(plan.id);
      if (earlier !== undefined) {
        throw new ConfigError(`${file.name}: id`, `plan id '${plan.id}' is also used by ${earlier} in the same source (${source.label})`);
      }
      seen.set(plan.id, file.name);
      byId.set(plan.id, { plan, origin: file.name });
    }
  }
  const entries = [...byId.values()].sort((a, b) => a.plan.id.localeCompare(b.plan.id));
  return {
    plans: entries.map((entry) => entry.plan),
    origins: Object.fromEntries(entries.map((entry) => [entry.plan.id, entry.origin])),
  };
}

/**
 * Validates every file of a source and reports all problems (not just the first), for
 * `npm run plans:validate`. Duplicate ids inside the source are problems too.
 */
async function validatePlanSource(source: PlanSource): Promise<{ valid: Plan[]; problems: PlanFileProblem[] }> {
  const valid: Plan[] = [];
  const problems: PlanFileProblem[] = [];
  const seen = new Map<string, string>();
  for (const file of await source.list()) {
    try {
      const plan = parsePlanFile(file.name, file.text);
      const earlier = seen.get(plan.id);
      if (earlier !== undefined) {
        problems.push({ file: file.name, setting: `${file.name}: id`, message: `plan id '${plan.id}' is also used by ${earlier}` });
        continue;
      }
      seen.set(plan.id, file.name);
      valid.push(plan);
    } catch (error) {
      if (error instanceof ConfigError) problems.push({ file: file.name, setting: error.setting, message: error.message });
      else throw error;
    }
  }
  return { valid, problems };
}

export { loadPlans, validatePlanSource, bundledPlansDirectory };
export type { LoadedPlans, PlanFileProblem };
