import { resolve } from 'node:path';
import { ConfigError } from '../errors';
import { isInstructionsFileName, parsePlanFile } from './parsePlanFile';
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

/** What {@link loadById} reads: files of one kind (plans, tasks) each defining one item with an id. */
interface ItemKind<T extends { id: string }> {
  /** `plan`, `task`: used in error messages. */
  noun: string;
  /** @param siblings every file of the same source by name (files one file may refer to) */
  parse(fileName: string, text: string, siblings: ReadonlyMap<string, string>): T;
  /** Files read only through others (instructions files), not items of their own. */
  isAuxiliary?(fileName: string): boolean;
}

/** The files of a source that are items, with the whole source by name for references between files. */
async function sourceFiles<T extends { id: string }>(kind: ItemKind<T>, source: PlanSource): Promise<{ files: Array<{ name: string; text: string }>; siblings: Map<string, string> }> {
  const all = await source.list();
  return { files: all.filter((file) => !kind.isAuxiliary?.(file.name)), siblings: new Map(all.map((file) => [file.name, file.text])) };
}

/**
 * Loads the bundled files, then each override source in order: an override with the same id
 * replaces the item before it. Two files with the same id inside one source are a
 * {@link ConfigError}, as is any invalid file (the first one, by name). Plans and scheduled
 * tasks both load this way.
 */
async function loadById<T extends { id: string }>(kind: ItemKind<T>, bundled: PlanSource, overrides: ReadonlyArray<PlanSource> = []): Promise<{ items: T[]; origins: Record<string, string> }> {
  const byId = new Map<string, { item: T; origin: string }>();
  for (const source of [bundled, ...overrides]) {
    const seen = new Map<string, string>();
    const { files, siblings } = await sourceFiles(kind, source);
    for (const file of files) {
      const item = kind.parse(file.name, file.text, siblings);
      const earlier = seen.get(item.id);
      if (earlier !== undefined) {
        throw new ConfigError(`${file.name}: id`, `${kind.noun} id '${item.id}' is also used by ${earlier} in the same source (${source.label})`);
      }
      seen.set(item.id, file.name);
      byId.set(item.id, { item, origin: file.name });
    }
  }
  const entries = [...byId.values()].sort((a, b) => a.item.id.localeCompare(b.item.id));
  return {
    items: entries.map((entry) => entry.item),
    origins: Object.fromEntries(entries.map((entry) => [entry.item.id, entry.origin])),
  };
}

/**
 * Validates every file of a source and reports all problems (not just the first), for the
 * `plans:validate` and `tasks:validate` commands. Duplicate ids inside the source are problems too.
 */
async function validateById<T extends { id: string }>(kind: ItemKind<T>, source: PlanSource): Promise<{ valid: T[]; problems: PlanFileProblem[] }> {
  const valid: T[] = [];
  const problems: PlanFileProblem[] = [];
  const seen = new Map<string, string>();
  const { files, siblings } = await sourceFiles(kind, source);
  for (const file of files) {
    try {
      const item = kind.parse(file.name, file.text, siblings);
      const earlier = seen.get(item.id);
      if (earlier !== undefined) {
        problems.push({ file: file.name, setting: `${file.name}: id`, message: `${kind.noun} id '${item.id}' is also used by ${earlier}` });
        continue;
      }
      seen.set(item.id, file.name);
      valid.push(item);
    } catch (error) {
      if (error instanceof ConfigError) problems.push({ file: file.name, setting: error.setting, message: error.message });
      else throw error;
    }
  }
  return { valid, problems };
}

const planKind: ItemKind<Plan> = { noun: 'plan', parse: parsePlanFile, isAuxiliary: isInstructionsFileName };

/** Loads the bundled plans and the overrides (see {@link loadById}). */
async function loadPlans(bundled: PlanSource, overrides: ReadonlyArray<PlanSource> = []): Promise<LoadedPlans> {
  const { items, origins } = await loadById(planKind, bundled, overrides);
  return { plans: items, origins };
}

/** Validates every plan file of a source (see {@link validateById}). */
function validatePlanSource(source: PlanSource): Promise<{ valid: Plan[]; problems: PlanFileProblem[] }> {
  return validateById(planKind, source);
}

export { loadPlans, validatePlanSource, bundledPlansDirectory, loadById, validateById };
export type { LoadedPlans, PlanFileProblem, ItemKind };
