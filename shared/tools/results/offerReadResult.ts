import { READ_RESULT_TOOL } from '../../agent/context/readResultName';
import type { Plan } from '../../plans/planSchema';

/**
 * Adds `read_result` to what a model-mode investigation offers whenever the deployment has a
 * result store (the tool is in the registry), even if the plan does not list it: the engine,
 * not the plan, decided to store results, so the model must be able to read them back. Plans
 * need not (and, overridden from blob, might not) know about it. Deterministic mode never offers
 * it, even when a plan lists it: its verdict rules read the rows, so its results must never be
 * stored and summarised (the result store only stores for callers that may use `read_result`).
 */
function offerReadResult(plan: Plan, tools: ReadonlyArray<string>, engine: 'model' | 'deterministic', configured: ReadonlyMap<string, unknown>): { plan: Plan; tools: string[] } {
  if (engine !== 'model') return { plan, tools: tools.filter((name) => name !== READ_RESULT_TOOL) };
  if (!configured.has(READ_RESULT_TOOL)) return { plan, tools: [...tools] };
  return {
    // The subagent prompt offers the plan's allowedTools, so the tool is added there too.
    plan: plan.allowedTools.includes(READ_RESULT_TOOL) ? plan : { ...plan, allowedTools: [...plan.allowedTools, READ_RESULT_TOOL] },
    tools: tools.includes(READ_RESULT_TOOL) ? [...tools] : [...tools, READ_RESULT_TOOL],
  };
}

export { offerReadResult };
