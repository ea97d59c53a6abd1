import { z } from 'zod';
import { SeveritySchema, VendorTimestampSchema } from '../../incident';

/**
 * `data.essentials` of the common alert schema. Loose: Azure adds fields over time.
 * Nullable fields are null on budget alerts (CostAlerts send no rule, severity, condition or targets).
 *
 * @see https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-common-schema
 */
const AzureMonitorEssentialsSchema = z.looseObject({
  /** `/subscriptions/{sub}/providers/Microsoft.AlertsManagement/alerts/{guid}`; dedupe and write-back key. */
  alertId: z.string().min(1),
  alertRule: z.string().nullish(),
  /** The docs table spells it `alertRuleID`, one doc sample `alertRuleId`: both are read. */
  alertRuleID: z.string().nullish(),
  alertRuleId: z.string().nullish(),
  severity: SeveritySchema.nullish(),
  /** `Metric`, `Log`, `Activity Log` (service-health test samples say `ActivityLog`). */
  signalType: z.string().nullish(),
  /** Null on budget alerts; activity-log alerts are stateless and always `Fired`. */
  monitorCondition: z.enum(['Fired', 'Resolved']).nullish(),
  /** Decides the `alertContext` shape. */
  monitoringService: z.string().min(1),
  /** ARM ids, often lower-cased; `/subscriptions/{sub}` for service health; null for budgets. */
  alertTargetIDs: z.array(z.string()).nullish(),
  /** Resource names or ids; absent on service-health alerts. */
  configurationItems: z.array(z.string()).nullish(),
  originAlertId: z.string().nullish(),
  firedDateTime: VendorTimestampSchema,
  /** Only on resolved alerts (in practice metric alerts). */
  resolvedDateTime: VendorTimestampSchema.nullish(),
  description: z.string().nullish(),
  essentialsVersion: z.string().nullish(),
  alertContextVersion: z.string().nullish(),
  /** Newer portal link to the alert's investigation page. */
  investigationLink: z.string().nullish(),
  targetResourceType: z.string().nullish(),
  targetResourceGroup: z.string().nullish(),
});

/**
 * The common-alert-schema envelope. `alertContext` is validated separately by
 * `parseAlertContext`, chosen by `essentials.monitoringService`.
 *
 * @example
 * { "schemaId": "azureMonitorCommonAlertSchema",
 *   "data": { "essentials": { "alertId": "/subscriptions/.../alerts/8b2f...", "monitoringService": "Platform", ... },
 *             "alertContext": { "conditionType": "SingleResourceMultipleMetricCriteria", ... },
 *             "customProperties": { "team": "payments" } } }
 */
const AzureMonitorCommonAlertSchema = z.object({
  schemaId: z.literal('azureMonitorCommonAlertSchema'),
  data: z.object({
    essentials: AzureMonitorEssentialsSchema,
    alertContext: z.record(z.string(), z.unknown()).nullish(),
    /** Action properties of the rule; null when none are set. */
    customProperties: z.record(z.string(), z.unknown()).nullish(),
  }),
});

type AzureMonitorEssentials = z.infer<typeof AzureMonitorEssentialsSchema>;
type AzureMonitorCommonAlert = z.infer<typeof AzureMonitorCommonAlertSchema>;

export { AzureMonitorEssentialsSchema, AzureMonitorCommonAlertSchema };
export type { AzureMonitorEssentials, AzureMonitorCommonAlert };
