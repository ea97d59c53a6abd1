import { z } from 'zod';

/**
 * The root-cause taxonomy: categories a hypothesis (and so a report) can name, each in an
 * **area** (the part of the system it lives in). Reports stay countable and comparable across
 * incidents because a category is one of these slugs, or one a plan declares itself under
 * `categories:` (see docs/plans.md). The area is what "right area, wrong diagnosis" means in the
 * evaluation: `slow_dependency` and `dependency_outage` are both in `dependency`.
 */
const CATEGORY_AREAS = ['change', 'application', 'capacity', 'dependency', 'network', 'security', 'platform', 'data', 'noise', 'other'] as const;

const categoryAreaSchema = z.enum(CATEGORY_AREAS);

/** Built-in categories, their area and what they mean (the seven bundled-scenario ones included). */
const BUILT_IN_CATEGORIES = {
  bad_deployment: { area: 'change', description: 'A release (new version, revision, image) introduced the fault.' },
  configuration_change: { area: 'change', description: 'A configuration or infrastructure change (app settings, scaling rules, firewall, policy) introduced the fault.' },
  code_defect: { area: 'application', description: 'A latent bug in the application, triggered by input, time or load rather than a release.' },
  oom_crash_loop: { area: 'capacity', description: 'Processes run out of memory and restart in a loop.' },
  connection_pool_exhaustion: { area: 'capacity', description: 'A client-side pool (database, HTTP, SNAT ports) is exhausted, so requests queue or time out.' },
  capacity_exhaustion: { area: 'capacity', description: 'CPU, memory, disk, instances or replicas are saturated for the load.' },
  throttling_quota: { area: 'capacity', description: 'A service throttles the app (HTTP 429, RU/s, request units) or a quota or limit is reached.' },
  slow_dependency: { area: 'dependency', description: 'A downstream dependency answers slowly or fails part of its calls.' },
  dependency_outage: { area: 'dependency', description: 'A downstream dependency (internal service or third party) is down.' },
  dns_failure: { area: 'network', description: 'Names do not resolve, or resolve to the wrong address (private DNS zones, records, resolvers).' },
  network_connectivity: { area: 'network', description: 'Packets do not get through: NSG, route, firewall, peering, private endpoint or load balancer.' },
  vpn_tunnel_down: { area: 'network', description: 'A site-to-site VPN or ExpressRoute connection is down.' },
  certificate_expiry: { area: 'security', description: 'A TLS certificate expired or does not match the host or chain.' },
  credential_permission: { area: 'security', description: 'A secret, key or token expired or was rotated, or a role assignment or permission is missing.' },
  platform_incident: { area: 'platform', description: 'The cloud platform itself is degraded (Azure service health, resource health, region incident).' },
  data_issue: { area: 'data', description: 'Bad, missing or unexpected data (schema drift, corrupt input, a poison message, a full table).' },
  noise_cold_start: { area: 'noise', description: 'Not a fault: a cold start, brief blip or threshold too tight; nothing needs fixing.' },
  other: { area: 'other', description: 'A finding that fits none of the other categories (e.g. a scheduled task\'s free-form prompt).' },
} as const satisfies Record<string, { area: (typeof CATEGORY_AREAS)[number]; description: string }>;

/** What a report names when no hypothesis is supported. Reserved: no hypothesis or plan may use it. */
const UNDETERMINED = 'undetermined';

/** The shape of a category id: a lowercase snake_case slug. */
const categorySlugSchema = z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, 'must be a lowercase snake_case category (letters, digits, _), 2 to 64 characters');

/**
 * A root-cause category as plans, reports and answer keys carry it. Any slug parses here; a plan
 * checks that each hypothesis names a built-in or a declared category (see planSchema.ts).
 */
const rootCauseCategorySchema = categorySlugSchema;

/** A category a plan declares for itself (e.g. `mainframe_batch_overrun`). */
const customCategorySchema = z
  .object({
    id: categorySlugSchema.refine((id) => id !== UNDETERMINED && !(id in BUILT_IN_CATEGORIES), {
      message: `is built in (or reserved: ${UNDETERMINED}); use it without declaring it`,
    }),
    area: categoryAreaSchema.default('other'),
    description: z.string().min(1),
  })
  .strict();

type RootCauseCategory = z.infer<typeof rootCauseCategorySchema>;
type CategoryArea = z.infer<typeof categoryAreaSchema>;
type CustomCategory = z.infer<typeof customCategorySchema>;

const ROOT_CAUSE_CATEGORIES = Object.keys(BUILT_IN_CATEGORIES) as ReadonlyArray<keyof typeof BUILT_IN_CATEGORIES>;

/** True for a built-in category (not `undetermined`). */
function isBuiltInCategory(category: string): category is keyof typeof BUILT_IN_CATEGORIES {
  return Object.prototype.hasOwnProperty.call(BUILT_IN_CATEGORIES, category);
}

/** The area of a category: built-in, declared by the plan (`custom`), or `other` when unknown. */
function categoryArea(category: string, custom: ReadonlyArray<CustomCategory> = []): CategoryArea {
  if (isBuiltInCategory(category)) return BUILT_IN_CATEGORIES[category].area;
  return custom.find((c) => c.id === category)?.area ?? 'other';
}

export {
  BUILT_IN_CATEGORIES,
  CATEGORY_AREAS,
  ROOT_CAUSE_CATEGORIES,
  UNDETERMINED,
  categoryAreaSchema,
  categorySlugSchema,
  customCategorySchema,
  rootCauseCategorySchema,
  isBuiltInCategory,
  categoryArea,
};
export type { RootCauseCategory, CategoryArea, CustomCategory };
