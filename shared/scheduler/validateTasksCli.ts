import { resolve } from 'node:path';
import { getPlans } from '../investigation/planRegistry';
import { investigationSettings } from '../investigation/investigationSettings';
import { ConfigError } from '../errors';
import { validateById } from '../plans/loadPlans';
import { DirectoryPlanSource } from '../plans/planSource';
import { bundledTasksDirectory, taskKind } from './taskRegistry';
import { taskPlan } from './taskPlan';
import { runCli } from '../config/runCli';

/**
 * `npm run tasks:validate [dir...]`: checks every task file in each folder (default: the bundled
 * `tasks/`) against the schema and against the plans in force (bundled plans and
 * `PLANS_CONTAINER`), printing which file and which field is wrong. Exit code 1 on any problem.
 */
async function main(argv: ReadonlyArray<string>): Promise<number> {
  const directories = argv.length > 0 ? argv.map((dir) => resolve(dir)) : [bundledTasksDirectory()];
  const { plans } = await getPlans(investigationSettings.load());
  let failures = 0;
  for (const directory of directories) {
    const { valid, problems } = await validateById(taskKind, new DirectoryPlanSource(directory, directory));
    for (const task of valid) {
      try {
        const plan = taskPlan(task, plans, `${directory}: task ${task.id}`);
        process.stdout.write(`ok      ${task.id} (${task.format} shape, "${task.schedule}" ${task.timeZone}, plan ${plan.id}${task.enabled ? '' : ', disabled'})\n`);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        process.stderr.write(`invalid ${error.message}\n`);
        failures++;
      }
    }
    for (const problem of problems) process.stderr.write(`invalid ${problem.message}\n`);
    failures += problems.length;
    if (valid.length === 0 && problems.length === 0) process.stderr.write(`warning: no task files in ${directory}\n`);
  }
  process.stdout.write(failures === 0 ? 'all tasks valid\n' : `${failures} invalid task file(s)\n`);
  return failures === 0 ? 0 : 1;
}

runCli(module, 'tasks:validate', main);

export { main as validateTasksMain };
