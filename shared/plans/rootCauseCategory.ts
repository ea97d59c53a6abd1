import { z } from 'zod';

/**
 * The fixed list of root-cause categories a hypothesis (and so a report) can name. Fixed so that
 * reports can be counted and compared across incidents and plans; a new category is a code change.
 */
const ROOT_CAUSE_CATEGORIES = [
  'bad_deployment',
  'connection_pool_exhaustion',
  'certificate_expiry',
  'oom_crash_loop',
  'slow_dependency',
  'vpn_tunnel_down',
  'noise_cold_start',
  /** A finding that fits none of the above (e.g. a scheduled task's free-form prompt). */
  'other',
] as const;

/** One of {@link ROOT_CAUSE_CATEGORIES}. */
const rootCauseCategorySchema = z.enum(ROOT_CAUSE_CATEGORIES);

type RootCauseCategory = z.infer<typeof rootCauseCategorySchema>;

export { ROOT_CAUSE_CATEGORIES, rootCauseCategorySchema };
export type { RootCauseCategory };
