/**
 * The on-disk format of a telemetry scenario (documented in docs/telemetry-emulator.md): one
 * manifest, one JSON Lines file per table, a metrics file, a resources file, the alert that
 * starts the incident and its answer key. Every file is checked with these schemas at load.
 */
import { z } from 'zod';

import { KustoScalarTypeSchema } from '../../../shared/kql';
import { categoryAreaSchema, isBuiltInCategory, ROOT_CAUSE_CATEGORIES, rootCauseCategorySchema, UNDETERMINED } from '../../../shared/plans/rootCauseCategory';

/**
 * The root-cause categories an answer key may name: a built-in category of the taxonomy
 * (shared/plans/rootCauseCategory.ts) or `undetermined`, so a typo cannot make a scenario unpassable.
 */
const RootCauseCategorySchema = rootCauseCategorySchema.refine((category): boolean => category === UNDETERMINED || isBuiltInCategory(category), {
  message: `must be a built-in category (${ROOT_CAUSE_CATEGORIES.join(', ')}) or ${UNDETERMINED}`,
});

const ResourceIdSchema = z.string().regex(/^\/subscriptions\/[^/]+\//i, 'must be an Azure resource id (/subscriptions/...)');
const GuidSchema = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');

/** A Log Analytics workspace of the scenario and the folder holding its table files. */
const WorkspaceManifestSchema = z.object({
  name: z.string().min(1),
  workspaceId: GuidSchema,
  resourceId: ResourceIdSchema,
  /** Folder of `<Table>.jsonl` files, relative to the scenario folder. */
  tablesDir: z.string().min(1).default('tables'),
});

/** A workspace-based Application Insights component whose telemetry lives in a workspace. */
const AppInsightsManifestSchema = z.object({
  name: z.string().min(1),
  resourceId: ResourceIdSchema,
  appId: GuidSchema,
  /** Name of the workspace (above) that stores its App* tables. */
  workspace: z.string().min(1),
});

/**
 * One alert of a scenario that fires several (an alert storm, a second rule on the same cause):
 * its common-alert-schema file and how long after the first alert the evaluation sends it.
 */
const ScenarioAlertSchema = z.object({
  file: z.string().min(1),
  /** Seconds after the first alert was sent; the alert's own timestamps say when it fired. */
  afterSeconds: z.number().min(0).default(0),
});

/** `scenario.yaml`. */
const ScenarioManifestSchema = z.object({
  id: z.string().regex(/^[0-9]{2}_[a-z0-9_]+$/, 'must look like 01_bad_deployment'),
  title: z.string().min(1),
  summary: z.string().min(1),
  /** When absolute timestamps in the files were "now"; they are shifted by (load time - recordedAt). */
  recordedAt: z.iso.datetime(),
  workspaces: z.array(WorkspaceManifestSchema).min(1),
  appInsights: z.array(AppInsightsManifestSchema).default([]),
  /** The one alert that starts the incident (default `alert.json`); or list several under `alerts`. */
  alert: z.string().min(1).optional(),
  /** Several alerts, sent in order through the ingest route; the first one's investigation is graded. */
  alerts: z.array(ScenarioAlertSchema).min(1).optional(),
  answer: z.string().default('answer.yaml'),
  metrics: z.string().default('metrics.jsonl'),
  resources: z.string().default('resources.json'),
}).refine((manifest) => manifest.alert === undefined || manifest.alerts === undefined, { message: 'give either alert or alerts, not both', path: ['alerts'] });

/** First line of a table file. */
const TableHeaderSchema = z.object({
  table: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a Kusto table name'),
  columns: z
    .array(z.object({ name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), type: KustoScalarTypeSchema }))
    .min(1),
});

/** Aggregations of the Azure Monitor metrics API. */
const MetricAggregationSchema = z.enum(['Average', 'Minimum', 'Maximum', 'Total', 'Count']);

/** One metric time series per line of `metrics.jsonl`, sampled at a fixed grain. */
const MetricSeriesSchema = z.object({
  resourceId: ResourceIdSchema,
  namespace: z.string().min(1),
  name: z.string().min(1),
  unit: z.string().min(1),
  /** Returned when the request names no aggregation, as the service does. */
  primaryAggregation: MetricAggregationSchema.default('Average'),
  description: z.string().default(''),
  dimensions: z.record(z.string(), z.string()).default({}),
  /** Time of `values[0]`: `@-3h` or an absolute instant. */
  start: z.string().min(1),
  /** ISO 8601 duration between samples, e.g. `PT1M`. */
  grain: z.string().regex(/^PT\d+[MH]$/, 'must be PT<n>M or PT<n>H'),
  /** One sample per grain; null is a gap (no data). */
  values: z.array(z.number().nullable()).min(1),
});

/** An Azure Resource Graph `Resources` row; missing ids are derived from `id`. */
const ResourceRecordSchema = z
  .object({
    id: ResourceIdSchema,
    name: z.string().min(1),
    type: z.string().min(1),
    location: z.string().default(''),
    kind: z.string().default(''),
    tags: z.record(z.string(), z.string()).default({}),
    sku: z.unknown().optional(),
    properties: z.unknown().optional(),
    identity: z.unknown().optional(),
    managedBy: z.string().default(''),
    zones: z.array(z.string()).optional(),
  })
  .passthrough();

const ResourcesFileSchema = z.array(ResourceRecordSchema);

/** How an answer-key evidence item is proved: a query whose non-empty result shows it. */
const EvidenceCheckSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('kql'),
    /** Workspace name; defaults to the scenario's first workspace. */
    workspace: z.string().optional(),
    query: z.string().min(1),
  }),
  z.object({ kind: z.literal('resourceGraph'), query: z.string().min(1) }),
  z.object({
    kind: z.literal('metric'),
    resourceId: ResourceIdSchema,
    namespace: z.string().min(1),
    metric: z.string().min(1),
    aggregation: MetricAggregationSchema,
    operator: z.enum(['GreaterThan', 'LessThan', 'GreaterThanOrEqual', 'LessThanOrEqual']),
    threshold: z.number(),
  }),
]);

/**
 * `answer.yaml`: what a correct investigation concludes and must show, and how near misses are
 * graded (docs/telemetry-emulator.md): the exact category scores 100, one of
 * `acceptableCategories` ("one hop short": the right chain, stopped a step before the cause, e.g.
 * `slow_dependency` when the pool behind it is exhausted) 65, another category of the same
 * `area` ("right area, wrong diagnosis") 35, anything else 0. An answer may be `undetermined`:
 * then only an undetermined report is right, and key terms and evidence are optional.
 */
const AnswerKeySchema = z
  .object({
    rootCauseCategory: RootCauseCategorySchema,
    rootCause: z.string().min(1),
    /** Categories one hop short of the exact cause (graded 65). */
    acceptableCategories: z.array(RootCauseCategorySchema).default([]),
    /** The area of the cause (graded 35 for another category there); default: the category's own area. */
    area: categoryAreaSchema.optional(),
    /** Words a correct report's root cause mentions (case-insensitive), for automatic grading. */
    keyTerms: z.array(z.string().min(1)).default([]),
    requiredEvidence: z
      .array(
        z.object({
          description: z.string().min(1),
          table: z.string().optional(),
          metric: z.string().optional(),
          check: EvidenceCheckSchema,
        }),
      )
      .default([]),
    redHerrings: z.array(z.object({ description: z.string().min(1), blame: z.array(z.string().min(1)).min(1) })).min(1),
    /**
     * Causes a correct report shows false: a hypothesis of each category must end `refuted` (a
     * deployment that coincides with, but does not cause, the errors is ruled out, not just outranked).
     */
    ruledOut: z.array(z.object({ category: RootCauseCategorySchema, description: z.string().min(1) })).default([]),
    /** How many investigations the scenario's alerts must open through the ingest route (grouping). */
    investigations: z.number().int().positive().default(1),
    recommendedActions: z.array(z.string().min(1)).default([]),
  })
  .superRefine((answer, ctx) => {
    answer.ruledOut.forEach(({ category }, i) => {
      if (category === UNDETERMINED || category === answer.rootCauseCategory) ctx.addIssue({ code: 'custom', path: ['ruledOut', i, 'category'], message: `cannot rule out ${category}: it must be a cause other than the answer's` });
    });
    if (answer.rootCauseCategory === UNDETERMINED) return;
    if (answer.keyTerms.length === 0) ctx.addIssue({ code: 'custom', path: ['keyTerms'], message: 'an answer with a cause needs at least one key term' });
    if (answer.requiredEvidence.length === 0) ctx.addIssue({ code: 'custom', path: ['requiredEvidence'], message: 'an answer with a cause needs at least one piece of required evidence' });
    if (answer.acceptableCategories.includes(UNDETERMINED)) ctx.addIssue({ code: 'custom', path: ['acceptableCategories'], message: `${UNDETERMINED} is never one hop short of a cause` });
  });

type RootCauseCategory = z.infer<typeof RootCauseCategorySchema>;
type WorkspaceManifest = z.infer<typeof WorkspaceManifestSchema>;
type AppInsightsManifest = z.infer<typeof AppInsightsManifestSchema>;
type ScenarioManifest = z.infer<typeof ScenarioManifestSchema>;
type ScenarioAlert = z.infer<typeof ScenarioAlertSchema>;
type TableHeader = z.infer<typeof TableHeaderSchema>;
type MetricAggregation = z.infer<typeof MetricAggregationSchema>;
type MetricSeries = z.infer<typeof MetricSeriesSchema>;
type ResourceRecord = z.infer<typeof ResourceRecordSchema>;
type EvidenceCheck = z.infer<typeof EvidenceCheckSchema>;
type AnswerKey = z.infer<typeof AnswerKeySchema>;

export type {
  RootCauseCategory,
  WorkspaceManifest,
  AppInsightsManifest,
  ScenarioManifest,
  ScenarioAlert,
  TableHeader,
  MetricAggregation,
  MetricSeries,
  ResourceRecord,
  EvidenceCheck,
  AnswerKey,
};
export {
  RootCauseCategorySchema,
  WorkspaceManifestSchema,
  AppInsightsManifestSchema,
  ScenarioManifestSchema,
  ScenarioAlertSchema,
  TableHeaderSchema,
  MetricAggregationSchema,
  MetricSeriesSchema,
  ResourceRecordSchema,
  ResourcesFileSchema,
  EvidenceCheckSchema,
  AnswerKeySchema,
};
