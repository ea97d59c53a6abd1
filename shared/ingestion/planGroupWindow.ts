import { parseIsoDuration } from '../governance/approvals/isoDuration';
import type { Incident } from '../incident';
import { getPlans } from '../investigation/planRegistry';
import { investigationSettings } from '../investigation/investigationSettings';
import { matchPlan } from '../plans/matchPlan';

/**
 * The join window, in minutes, of the plan that would take `incident` (its `groupWindow`), or
 * `undefined` when that plan sets none. Plans are read through the same cache the investigations
 * use. A plan set that cannot be read must not stop an alert from being admitted: the global
 * window applies and `onError` is told why (the investigation itself reports the bad plan).
 */
async function planGroupWindow(incident: Incident, onError: (error: unknown) => void, env: NodeJS.ProcessEnv = process.env): Promise<number | undefined> {
  try {
    const { plans } = await getPlans(investigationSettings.load(env), env);
    const window = matchPlan(plans, incident)?.plan.groupWindow;
    return window === undefined ? undefined : parseIsoDuration(window)! / 60_000;
  } catch (error) {
    onError(error);
    return undefined;
  }
}

export { planGroupWindow };
