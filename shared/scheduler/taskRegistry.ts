import { resolve } from 'node:path';
import { loadById, type ItemKind } from '../plans/loadPlans';
import { BlobPlanSource, DirectoryPlanSource, type PlanSource } from '../plans/planSource';
import type { Plan } from '../plans/planSchema';
import { getPlans } from '../investigation/planRegistry';
import { investigationSettings } from '../investigation/investigationSettings';
import { blobServiceClient, resolveStorageConnection } from '../storage';
import { parseTaskFile } from './parseTaskFile';
import { schedulerSettings } from './schedulerSettings';
import { taskPlan } from './taskPlan';
import type { ScheduledTask } from './taskSchema';

/** The tasks in force, each with its file and the plan it runs. */
interface LoadedTasks {
  tasks: ScheduledTask[];
  /** Task id → the file it was read from. */
  origins: Record<string, string>;
  /** Task id → the full plan a run of it executes. */
  plans: Record<string, Plan>;
}

const taskKind: ItemKind<ScheduledTask> = { noun: 'task', parse: parseTaskFile };

/** The bundled tasks folder (`dist/shared/scheduler` → `tasks/`). */
function bundledTasksDirectory(): string {
  return resolve(__dirname, '..', '..', '..', 'tasks');
}

/**
 * Loads tasks from the bundled folder and the overrides (an override replaces the task with the
 * same id, as plans do) and resolves each task's plan against `plans`, so a task naming an
 * unknown plan or a tool its plan does not allow fails here, naming the file and field.
 */
async function loadTasks(bundled: PlanSource, overrides: ReadonlyArray<PlanSource>, plans: ReadonlyArray<Plan>): Promise<LoadedTasks> {
  const { items, origins } = await loadById(taskKind, bundled, overrides);
  const resolved: Record<string, Plan> = {};
  for (const task of items) resolved[task.id] = taskPlan(task, plans, origins[task.id] ?? task.id);
  return { tasks: items, origins, plans: resolved };
}

let cached: { key: string; tasks: Promise<LoadedTasks> } | undefined;

/** The tasks of this process (bundled `tasks/` + `TASKS_CONTAINER`), loaded once; a failed load is retried on the next call. */
function getTasks(env: NodeJS.ProcessEnv = process.env): Promise<LoadedTasks> {
  const settings = schedulerSettings.load(env);
  const key = settings.TASKS_CONTAINER ?? '';
  if (!cached || cached.key !== key) {
    const overrides: PlanSource[] = settings.TASKS_CONTAINER
      ? [new BlobPlanSource(blobServiceClient(resolveStorageConnection(env)).getContainerClient(settings.TASKS_CONTAINER))]
      : [];
    const tasks = getPlans(investigationSettings.load(env), env).then(({ plans }) => loadTasks(new DirectoryPlanSource(bundledTasksDirectory()), overrides, plans));
    cached = { key, tasks };
    tasks.catch(() => {
      if (cached?.tasks === tasks) cached = undefined;
    });
  }
  return cached.tasks;
}

export { loadTasks, getTasks, bundledTasksDirectory, taskKind };
export type { LoadedTasks };
