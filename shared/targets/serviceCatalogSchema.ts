import { z } from 'zod';

const armId = z
  .string()
  .regex(/^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[^/]+\/providers\/[^/]+\/.+[^/]$/i, 'must be an ARM resource id (/subscriptions/…/resourceGroups/…/providers/…)');
const nonEmpty = z.string().trim().min(1);

/**
 * One service of the catalog: how incidents name it, and where its telemetry lives. Workspace and
 * component are the *names* of TELEMETRY_WORKSPACES and TELEMETRY_APP_INSIGHTS entries (what the
 * tools take), so the catalog never widens what the tools may query.
 */
const catalogServiceSchema = z
  .object({
    /** Stable slug, also what an override in SERVICE_CATALOG_CONTAINER replaces by. */
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a lowercase slug (a-z, 0-9, - and _)'),
    /** Display name; matched like an alias. */
    name: nonEmpty.optional(),
    /** Other names incidents use: PagerDuty service names, alert `service` properties, configuration items. */
    aliases: z.array(nonEmpty).default([]),
    /** PagerDuty service ids (`P…`), matched against the incident's `service.id`. */
    pagerDutyServiceIds: z.array(z.string().regex(/^[A-Z0-9]{4,20}$/, 'must be a PagerDuty service id such as PX7KQ2M')).default([]),
    /** ServiceNow configuration items and business services, by display name (`cmdb_ci` / `business_service`). */
    serviceNowCis: z.array(nonEmpty).default([]),
    /** Custom properties (Azure Monitor alert custom properties) that all must equal for the service to match. */
    tags: z.record(z.string().min(1), z.string()).default({}),
    /** The service's Azure resources (ARM ids); an alert on any of them is about this service. */
    resources: z.array(armId).default([]),
    /** TELEMETRY_WORKSPACES name of the workspace holding its logs. */
    workspace: nonEmpty.optional(),
    /** TELEMETRY_APP_INSIGHTS name of its Application Insights component. */
    appInsights: nonEmpty.optional(),
    /** Cloud role names (`AppRoleName` / `cloud_RoleName`) of its telemetry. */
    roleNames: z.array(nonEmpty).default([]),
  })
  .strict();

/** The catalog file: `services:` and nothing else (unknown fields are errors). */
const serviceCatalogFileSchema = z
  .object({ services: z.array(catalogServiceSchema).default([]) })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.services.forEach((service, index) => {
      if (seen.has(service.id)) ctx.addIssue({ code: 'custom', path: ['services', index, 'id'], message: `service id '${service.id}' appears twice` });
      seen.add(service.id);
    });
  });

type CatalogService = z.infer<typeof catalogServiceSchema>;
type ServiceCatalogFile = z.infer<typeof serviceCatalogFileSchema>;

export { catalogServiceSchema, serviceCatalogFileSchema };
export type { CatalogService, ServiceCatalogFile };
