import { z } from 'zod';

/** How the investigation found what the incident is about. */
const targetMethodSchema = z.enum(['catalog', 'alert', 'resource-graph', 'unknown']);

/** A resolved value and how it was resolved, in words for the report. */
const resolvedNameSchema = z.object({ name: z.string().min(1), how: z.string().min(1) });

/**
 * The target of an investigation: the resources, workspace, Application Insights component and
 * cloud role names the checks and subagents look at, each with how it was resolved. `unknown`
 * means nothing tied the incident to a resource: the report says so and caps its confidence.
 */
const resolvedTargetSchema = z.object({
  status: z.enum(['resolved', 'unknown']),
  method: targetMethodSchema,
  /** Catalog service id, when a catalog entry matched. */
  service: z.string().nullable(),
  /** What matched the catalog entry, e.g. `PagerDuty service id PX7KQ2M`. */
  matchedBy: z.string().nullable(),
  resources: z.array(z.object({ id: z.string().min(1), how: z.string().min(1) })),
  workspace: resolvedNameSchema.nullable(),
  appInsights: resolvedNameSchema.nullable(),
  roleNames: z.array(z.string()),
  /** What could not be resolved, and what to configure so it can be. */
  gaps: z.array(z.string()),
});

type TargetMethod = z.infer<typeof targetMethodSchema>;
type ResolvedName = z.infer<typeof resolvedNameSchema>;
type ResolvedTarget = z.infer<typeof resolvedTargetSchema>;

export { targetMethodSchema, resolvedNameSchema, resolvedTargetSchema };
export type { TargetMethod, ResolvedName, ResolvedTarget };
