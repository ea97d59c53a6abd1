import { z } from 'zod';
import { VendorTimestampSchema } from '../../incident';
import { parseWithSchema } from '../parseBody';

const DimensionSchema = z.object({ name: z.string(), value: z.string() });
const FailingPeriodsSchema = z.looseObject({ numberOfEvaluationPeriods: z.number(), minFailingPeriodsToAlert: z.number() });
const PropertiesSchema = z.record(z.string(), z.unknown()).nullish();

/** Metric alerts (`Platform`): static, dynamic and availability-test criteria share this shape. `threshold` is a string. */
const MetricAlertContextSchema = z.looseObject({
  properties: PropertiesSchema,
  conditionType: z.string(),
  condition: z.looseObject({
    windowSize: z.string().nullish(),
    allOf: z.array(
      z.looseObject({
        metricName: z.string(),
        /** null for availability tests. */
        metricNamespace: z.string().nullish(),
        operator: z.string().nullish(),
        threshold: z.string().nullish(),
        timeAggregation: z.string().nullish(),
        dimensions: z.array(DimensionSchema).nullish(),
        metricValue: z.number().nullish(),
        webTestName: z.string().nullish(),
        alertSensitivity: z.string().nullish(),
        failingPeriods: FailingPeriodsSchema.nullish(),
      }),
    ),
    windowStartTime: VendorTimestampSchema.nullish(),
    windowEndTime: VendorTimestampSchema.nullish(),
    staticThresholdFailingPeriods: FailingPeriodsSchema.nullish(),
  }),
});

/** Log search alerts v2 (`Log Alerts V2`, `LogQueryCriteria`); `metricValue` is null on resolve, no search results. */
const LogV2AlertContextSchema = z.looseObject({
  properties: PropertiesSchema,
  conditionType: z.string(),
  condition: z.looseObject({
    /** null on "simple log alerts". */
    windowSize: z.string().nullish(),
    allOf: z.array(
      z.looseObject({
        searchQuery: z.string().nullish(),
        metricMeasureColumn: z.string().nullish(),
        /** A string such as `"['Microsoft.Compute/virtualMachines']"`, not an array. */
        targetResourceTypes: z.string().nullish(),
        operator: z.string().nullish(),
        threshold: z.string().nullish(),
        timeAggregation: z.string().nullish(),
        dimensions: z.array(DimensionSchema).nullish(),
        metricValue: z.number().nullish(),
        failingPeriods: FailingPeriodsSchema.nullish(),
        linkToSearchResultsUI: z.string().nullish(),
        linkToFilteredSearchResultsUI: z.string().nullish(),
        linkToSearchResultsAPI: z.string().nullish(),
        linkToFilteredSearchResultsAPI: z.string().nullish(),
      }),
    ),
    windowStartTime: VendorTimestampSchema.nullish(),
    windowEndTime: VendorTimestampSchema.nullish(),
  }),
});

/** Legacy log alerts v1 (`Log Analytics`, `Application Insights`): PascalCase, US-format interval times. */
const LogV1AlertContextSchema = z.looseObject({
  SearchQuery: z.string(),
  SearchIntervalStartTimeUtc: VendorTimestampSchema,
  /** Lower-case `t` in `Endtime`, as Azure sends it. */
  SearchIntervalEndtimeUtc: VendorTimestampSchema,
  ResultCount: z.number().nullish(),
  LinkToSearchResults: z.string().nullish(),
  LinkToFilteredSearchResultsUI: z.string().nullish(),
  LinkToSearchResultsAPI: z.string().nullish(),
  LinkToFilteredSearchResultsAPI: z.string().nullish(),
  SeverityDescription: z.string().nullish(),
  WorkspaceId: z.string().nullish(),
  ApplicationId: z.string().nullish(),
  SearchIntervalDurationMin: z.string().nullish(),
  SearchIntervalInMinutes: z.string().nullish(),
  AffectedConfigurationItems: z.array(z.string()).nullish(),
  Threshold: z.number().nullish(),
  Operator: z.string().nullish(),
  Dimensions: z.array(DimensionSchema).nullish(),
  /** A string `"True"`/`"False"`. */
  IncludedSearchResults: z.string().nullish(),
  AlertType: z.string().nullish(),
  SearchResults: z.unknown().optional(),
});

// Service health sends channels/eventSource/level as integers; other activity-log alerts as strings.
const StringOrInt = z.union([z.string(), z.number()]);

const activityLogFields = {
  authorization: z.looseObject({ action: z.string(), scope: z.string() }).nullish(),
  channels: StringOrInt.nullish(),
  /** A JSON string, not an object. */
  claims: z.string().nullish(),
  caller: z.string().nullish(),
  correlationId: z.string().nullish(),
  eventSource: StringOrInt,
  eventTimestamp: VendorTimestampSchema,
  eventDataId: z.string().nullish(),
  level: StringOrInt.nullish(),
  operationName: z.string(),
  operationId: z.string().nullish(),
  status: z.string().nullish(),
  subStatus: z.string().nullish(),
  submissionTimestamp: VendorTimestampSchema.nullish(),
};

/** Activity log alerts: Administrative, Policy, Autoscale, Security (and Recommendation). */
const ActivityLogAlertContextSchema = z.looseObject({ ...activityLogFields, properties: PropertiesSchema });

const ImpactedServiceSchema = z.looseObject({
  ServiceName: z.string(),
  ImpactedRegions: z.array(z.looseObject({ RegionName: z.string() })).nullish(),
});

/** `impactedServices` is a JSON-encoded string in real alerts and an array in the test sample: both become an array. */
const ImpactedServicesSchema = z.union([
  z.array(ImpactedServiceSchema),
  z.string().transform((text, ctx) => {
    try {
      const parsed = ImpactedServiceSchema.array().safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
    } catch {
      // handled below: not JSON
    }
    ctx.addIssue({ code: 'custom', message: 'expected a JSON array of impacted services' });
    return z.NEVER;
  }),
]);

/** Service health (`ServiceHealth`): incidents, maintenance, advisories, security; `trackingId` correlates updates. */
const ServiceHealthAlertContextSchema = z.looseObject({
  ...activityLogFields,
  properties: z.looseObject({
    title: z.string(),
    service: z.string().nullish(),
    region: z.string().nullish(),
    communication: z.string().nullish(),
    incidentType: z.string(),
    trackingId: z.string(),
    impactStartTime: z.string().nullish(),
    /** Empty string while the impact is ongoing. */
    impactMitigationTime: z.string().nullish(),
    impactedServices: ImpactedServicesSchema.nullish(),
    stage: z.string().nullish(),
    IsSynthetic: z.string().nullish(),
  }),
});

/** Resource health (`Resource Health`): recovery arrives as another Fired alert with `currentHealthStatus: Available`. */
const ResourceHealthAlertContextSchema = z.looseObject({
  ...activityLogFields,
  properties: z.looseObject({
    title: z.string(),
    details: z.string().nullish(),
    currentHealthStatus: z.string(),
    previousHealthStatus: z.string().nullish(),
    type: z.string().nullish(),
    cause: z.string().nullish(),
  }),
});

/** Application Insights smart detection (`SmartDetector`). */
const SmartDetectionAlertContextSchema = z.looseObject({
  SmartDetectorId: z.string(),
  SmartDetectorName: z.string().nullish(),
  DetectionSummary: z.string().nullish(),
  FormattedOccurrenceTime: z.string().nullish(),
  DetectedValue: z.string().nullish(),
  NormalValue: z.string().nullish(),
  PresentationInsightEventRequest: z.string().nullish(),
  AnalysisTimestamp: z.string().nullish(),
});

/** Managed Prometheus rule alerts (`Prometheus`). */
const PrometheusAlertContextSchema = z.looseObject({
  interval: z.string().nullish(),
  expression: z.string(),
  expressionValue: z.string().nullish(),
  for: z.string().nullish(),
  labels: z.record(z.string(), z.string()).nullish(),
  annotations: z.record(z.string(), z.string()).nullish(),
  /** ARM id of the `prometheusRuleGroups` resource. */
  ruleGroup: z.string().nullish(),
});

/** Cost Management budget alerts (`CostAlerts`); amounts are formatted strings such as `"$11,111.00"`. */
const BudgetAlertContextSchema = z.looseObject({
  AlertCategory: z.string(),
  AlertData: z.looseObject({
    Scope: z.string().nullish(),
    ThresholdType: z.string().nullish(),
    BudgetType: z.string().nullish(),
    BudgetThreshold: z.string().nullish(),
    NotificationThresholdAmount: z.string().nullish(),
    BudgetName: z.string().nullish(),
    BudgetId: z.string().nullish(),
    SpentAmount: z.string().nullish(),
    Unit: z.string().nullish(),
  }),
});

/** Any other `monitoringService` (Azure adds new ones): accepted as an opaque object. */
const GenericAlertContextSchema = z.record(z.string(), z.unknown());

/** The `alertContext` once parsed, tagged with the family its `monitoringService` selected. */
type AlertContext =
  | { family: 'metric'; context: z.infer<typeof MetricAlertContextSchema> }
  | { family: 'logV2'; context: z.infer<typeof LogV2AlertContextSchema> }
  | { family: 'logV1'; context: z.infer<typeof LogV1AlertContextSchema> }
  | { family: 'activityLog'; context: z.infer<typeof ActivityLogAlertContextSchema> }
  | { family: 'serviceHealth'; context: z.infer<typeof ServiceHealthAlertContextSchema> }
  | { family: 'resourceHealth'; context: z.infer<typeof ResourceHealthAlertContextSchema> }
  | { family: 'smartDetection'; context: z.infer<typeof SmartDetectionAlertContextSchema> }
  | { family: 'prometheus'; context: z.infer<typeof PrometheusAlertContextSchema> }
  | { family: 'budget'; context: z.infer<typeof BudgetAlertContextSchema> }
  | { family: 'generic'; context: z.infer<typeof GenericAlertContextSchema> };

const CONTEXT_PATH = ['data', 'alertContext'] as const;
const WHAT = 'data.alertContext';

/**
 * Validates `alertContext` with the schema its `monitoringService` selects (the envelope
 * pattern: essentials are the envelope, the context is the payload). Unknown services are
 * accepted with a generic context rather than rejected, so a new Azure alert type still
 * starts an investigation. Errors name paths under `data.alertContext`.
 */
function parseAlertContext(monitoringService: string, value: unknown): AlertContext {
  const context = value ?? {};
  switch (monitoringService) {
    case 'Platform':
      return { family: 'metric', context: parseWithSchema(MetricAlertContextSchema, context, WHAT, CONTEXT_PATH) };
    case 'Log Alerts V2':
      return { family: 'logV2', context: parseWithSchema(LogV2AlertContextSchema, context, WHAT, CONTEXT_PATH) };
    case 'Log Analytics':
    case 'Application Insights':
      return { family: 'logV1', context: parseWithSchema(LogV1AlertContextSchema, context, WHAT, CONTEXT_PATH) };
    case 'Activity Log - Administrative':
    case 'Activity Log - Policy':
    case 'Activity Log - Autoscale':
    case 'Activity Log - Security':
    case 'Activity Log - Recommendation':
      return { family: 'activityLog', context: parseWithSchema(ActivityLogAlertContextSchema, context, WHAT, CONTEXT_PATH) };
    case 'ServiceHealth':
      return { family: 'serviceHealth', context: parseWithSchema(ServiceHealthAlertContextSchema, context, WHAT, CONTEXT_PATH) };
    case 'Resource Health':
    case 'ResourceHealth':
      return { family: 'resourceHealth', context: parseWithSchema(ResourceHealthAlertContextSchema, context, WHAT, CONTEXT_PATH) };
    case 'SmartDetector':
      return { family: 'smartDetection', context: parseWithSchema(SmartDetectionAlertContextSchema, context, WHAT, CONTEXT_PATH) };
    case 'Prometheus':
      return { family: 'prometheus', context: parseWithSchema(PrometheusAlertContextSchema, context, WHAT, CONTEXT_PATH) };
    case 'CostAlerts':
      return { family: 'budget', context: parseWithSchema(BudgetAlertContextSchema, context, WHAT, CONTEXT_PATH) };
    default:
      return { family: 'generic', context: parseWithSchema(GenericAlertContextSchema, context, WHAT, CONTEXT_PATH) };
  }
}

export {
  MetricAlertContextSchema,
  LogV2AlertContextSchema,
  LogV1AlertContextSchema,
  ActivityLogAlertContextSchema,
  ServiceHealthAlertContextSchema,
  ResourceHealthAlertContextSchema,
  SmartDetectionAlertContextSchema,
  PrometheusAlertContextSchema,
  BudgetAlertContextSchema,
  GenericAlertContextSchema,
  parseAlertContext,
};
export type { AlertContext };
