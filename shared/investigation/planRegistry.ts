import { BlobPlanSource, DirectoryPlanSource, type PlanSource } from '../plans/planSource';
import { bundledPlansDirectory, loadPlans, type LoadedPlans } from '../plans/loadPlans';
import { blobServiceClient, resolveStorageConnection } from '../storage';
import type { InvestigationSettings } from './investigationSettings';

/** Options of {@link getPlans}. */
interface GetPlansOptions {
  /** Read the sources again even when the cached plans are fresh (a plan id they do not know). */
  refresh?: boolean;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

let cached: { key: string; plans: Promise<LoadedPlans>; loadedAt: number } | undefined;

/**
 * The plans this process investigates with: the bundled folder plus blob overrides. The bundled
 * folder never changes while the app runs, but an operator uploads overrides without
 * redeploying, so with PLANS_CONTAINER set the plans are read again once they are older than
 * PLANS_CACHE_SECONDS, or at once when asked to `refresh`. A bad plan fails the load with the
 * file and field, and is retried on the next call rather than cached.
 */
function getPlans(settings: InvestigationSettings, env: NodeJS.ProcessEnv = process.env, options: GetPlansOptions = {}): Promise<LoadedPlans> {
  const now = (options.now ?? Date.now)();
  const key = `${settings.PLANS_CONTAINER ?? ''}`;
  const expired = cached !== undefined && settings.PLANS_CONTAINER !== undefined && now - cached.loadedAt >= settings.PLANS_CACHE_SECONDS * 1000;
  if (!cached || cached.key !== key || expired || options.refresh) {
    const overrides: PlanSource[] = settings.PLANS_CONTAINER
      ? [new BlobPlanSource(blobServiceClient(resolveStorageConnection(env)).getContainerClient(settings.PLANS_CONTAINER))]
      : [];
    const plans = loadPlans(new DirectoryPlanSource(bundledPlansDirectory()), overrides);
    cached = { key, plans, loadedAt: now };
    plans.catch(() => {
      if (cached?.plans === plans) cached = undefined;
    });
  }
  return cached.plans;
}

/** Unknown plan ids re-read PLANS_CONTAINER at most this often, so a flood of bad ids costs one read a second. */
const UNKNOWN_ID_REFRESH_MS = 1000;
let lastUnknownIdRefresh = Number.NEGATIVE_INFINITY;

/**
 * The plans, read again when `planId` is not among the cached ones and may have been uploaded to
 * PLANS_CONTAINER since (the bundled folder never changes while the app runs).
 */
async function getPlansWith(planId: string | undefined, settings: InvestigationSettings, env: NodeJS.ProcessEnv = process.env): Promise<LoadedPlans> {
  const loaded = await getPlans(settings, env);
  if (planId === undefined || settings.PLANS_CONTAINER === undefined || loaded.plans.some((plan) => plan.id === planId)) return loaded;
  const now = Date.now();
  if (now - lastUnknownIdRefresh < UNKNOWN_ID_REFRESH_MS) return loaded;
  lastUnknownIdRefresh = now;
  return getPlans(settings, env, { refresh: true });
}

export { getPlans, getPlansWith };
export type { GetPlansOptions };
