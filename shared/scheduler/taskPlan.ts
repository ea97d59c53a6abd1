import { ConfigError } from '../errors';
import { fileConfigError } from '../plans/parsePlanFile';
import { planSchema, type Plan } from '../plans/planSchema';
import type { ScheduledTask } from './taskSchema';

/**
 * The plan a task runs: the named plan with the task's mode, budgets and destinations laid
 * over it, or a plan built from the task's inline hypotheses. Either way it is a full plan, so
 * the run is an investigation like any other (same engine, tools, governance and report).
 * Throws a {@link ConfigError} naming the task file and field when the result is not a valid
 * plan (a check whose tool is not allowed, an unknown plan id...).
 */
function taskPlan(task: ScheduledTask, plans: ReadonlyArray<Plan>, fileName: string): Plan {
  const budgets = {
    perHypothesis: { ...task.budgets?.perHypothesis },
    perInvestigation: { ...task.budgets?.perInvestigation },
  };
  let input: Record<string, unknown>;
  if (task.plan !== undefined) {
    const base = plans.find((plan) => plan.id === task.plan);
    if (!base) throw new ConfigError(`${fileName}: plan`, `no plan has the id '${task.plan}' (known: ${plans.map((plan) => plan.id).join(', ')})`);
    input = {
      ...base,
      mode: task.mode ?? base.mode,
      budgets: { perHypothesis: { ...base.budgets.perHypothesis, ...budgets.perHypothesis }, perInvestigation: { ...base.budgets.perInvestigation, ...budgets.perInvestigation } },
      destinations: task.destinations ?? [],
    };
  } else {
    input = {
      id: `task-${task.id}`,
      title: task.description,
      description: `Scheduled task ${task.id}`,
      mode: task.mode ?? 'review',
      budgets,
      allowedTools: task.allowedTools ?? [],
      hypotheses: task.hypotheses,
      knowledge: task.knowledge ?? [],
      destinations: task.destinations ?? [],
      guidance: task.guidance ?? '',
    };
  }
  const parsed = planSchema.safeParse(input);
  if (!parsed.success) throw fileConfigError(fileName, parsed.error);
  return parsed.data;
}

export { taskPlan };
