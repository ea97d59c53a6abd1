import { z } from 'zod';
import { defineSettings } from '../config/defineSettings';

const containerName = z.string().regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'must be a valid blob container name');

/** Settings of scheduled tasks and their scheduler (docs/tasks.md). */
const schedulerSettings = defineSettings('scheduler', 'Scheduled tasks: task files and the scheduler state', {
  TASKS_CONTAINER: {
    schema: containerName.optional(),
    description: 'Blob container whose task files (YAML) override or add to the bundled tasks/ folder, matched by task id.',
  },
  SCHEDULER_TABLE: {
    schema: z.string().regex(/^[A-Za-z][A-Za-z0-9]{2,62}$/, 'must be a valid table name'),
    description: 'Table holding the scheduler state: the last tick, each task\'s paused/failed state and consecutive failures, and its runs.',
    default: 'ScheduledTasks',
  },
});

type SchedulerSettings = ReturnType<typeof schedulerSettings.load>;

export { schedulerSettings };
export type { SchedulerSettings };
