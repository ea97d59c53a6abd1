import { BlobPlanSource, DirectoryPlanSource, type PlanSource } from '../plans/planSource';
import { bundledPlansDirectory, loadPlans, type LoadedPlans } from '../plans/loadPlans';
import { blobServiceClient, resolveStorageConnection } from '../storage';
import type { InvestigationSettings } from './investigationSettings';

let cached: { key: string; plans: Promise<LoadedPlans> } | undefined;

/**
 * The plans this process investigates with: the bundled folder plus blob overrides, loaded once
 * per process (a bad plan fails the first load with the file and field, and is retried on the
 * next call rather than cached).
 */
function getPlans(settings: InvestigationSettings, env: NodeJS.ProcessEnv = process.env): Promise<LoadedPlans> {
  const key = `${settings.PLANS_CONTAINER ?? ''}`;
  if (!cached || cached.key !== key) {
    const overrides: PlanSource[] = settings.PLANS_CONTAINER
      ? [new BlobPlanSource(blobServiceClient(resolveStorageConnection(env)).getContainerClient(settings.PLANS_CONTAINER))]
      : [];
    const plans = loadPlans(new DirectoryPlanSource(bundledPlansDirectory()), overrides);
    cached = { key, plans };
    plans.catch(() => {
      if (cached?.plans === plans) cached = undefined;
    });
  }
  return cached.plans;
}

export { getPlans };
