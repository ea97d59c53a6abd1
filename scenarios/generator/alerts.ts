/**
 * Azure Monitor common alert schema payloads (schemaId `azureMonitorCommonAlertSchema`), built like
 * the samples in /work/shared/fixtures/azure-monitor (metric alert, log search alert V2). Times are
 * absolute at the recording instant; the loader shifts them so the alert fired just now.
 */
import { iso, SUBSCRIPTION, type ScenarioBuilder } from './scenarioBuilder';

interface Essentials {
  rule: string;
  ruleType: 'metricAlerts' | 'scheduledqueryrules';
  ruleGroup: string;
  severity: 'Sev0' | 'Sev1' | 'Sev2' | 'Sev3' | 'Sev4';
  description: string;
  targetId: string;
  targetType: string;
  targetGroup: string;
  configurationItem: string;
  firedAt: number;
  properties?: Record<string, string>;
}

function essentials(b: ScenarioBuilder, e: Essentials, signalType: 'Metric' | 'Log', monitoringService: string) {
  const alertGuid = b.rng.guid();
  return {
    alertId: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.AlertsManagement/alerts/${alertGuid}`,
    alertRule: e.rule,
    alertRuleID: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${e.ruleGroup}/providers/microsoft.insights/${e.ruleType}/${e.rule}`,
    severity: e.severity,
    signalType,
    monitorCondition: 'Fired',
    monitoringService,
    alertTargetIDs: [e.targetId.toLowerCase()],
    configurationItems: [e.configurationItem],
    originAlertId: signalType === 'Metric' ? `${SUBSCRIPTION}_${e.ruleGroup}_microsoft.insights_metricAlerts_${e.rule}_${b.rng.int(100000000, 999999999)}` : b.rng.guid(),
    firedDateTime: iso(e.firedAt, 7),
    description: e.description,
    essentialsVersion: '1.0',
    alertContextVersion: '1.0',
    targetResourceType: e.targetType.toLowerCase(),
    targetResourceGroup: e.targetGroup,
    investigationLink: `https://portal.azure.com/#view/Microsoft_Azure_Monitoring_Alerts/Investigate.ReactView/alertId/%2fsubscriptions%2f${SUBSCRIPTION}%2fproviders%2fMicrosoft.AlertsManagement%2falerts%2f${alertGuid}`,
  };
}

/** A static-threshold metric alert (`SingleResourceMultipleMetricCriteria`). */
function metricAlert(
  b: ScenarioBuilder,
  e: Essentials,
  c: { metricName: string; metricNamespace: string; operator: string; threshold: number; timeAggregation: string; metricValue: number; windowMinutes: number; dimensions?: Array<{ name: string; value: string }> },
) {
  return {
    schemaId: 'azureMonitorCommonAlertSchema',
    data: {
      essentials: essentials(b, e, 'Metric', 'Platform'),
      alertContext: {
        properties: e.properties ?? {},
        conditionType: 'SingleResourceMultipleMetricCriteria',
        condition: {
          windowSize: `PT${c.windowMinutes}M`,
          allOf: [
            {
              metricName: c.metricName,
              metricNamespace: c.metricNamespace,
              operator: c.operator,
              threshold: String(c.threshold),
              timeAggregation: c.timeAggregation,
              dimensions: c.dimensions ?? [],
              metricValue: c.metricValue,
              webTestName: null,
            },
          ],
          windowStartTime: iso(e.firedAt - 60 - c.windowMinutes * 60),
          windowEndTime: iso(e.firedAt - 60),
        },
      },
      customProperties: e.properties ?? {},
    },
  };
}

/** A log search alert (Log Alerts V2, `LogQueryCriteria`) over a workspace. */
function logAlert(
  b: ScenarioBuilder,
  e: Essentials,
  c: { workspaceId: string; query: string; threshold: number; metricValue: number; windowMinutes: number; dimensions?: Array<{ name: string; value: string }> },
) {
  const start = iso(e.firedAt - 30 - c.windowMinutes * 60);
  const end = iso(e.firedAt - 30);
  const encodedSpan = `${start}/${end}`.replace(/\.\d{3}Z/g, '.0000000Z').replace(/:/g, '%3a').replace('/', '%2f');
  const api = `https://api.loganalytics.io/v1/workspaces/${c.workspaceId}/query?query=${encodeURIComponent(c.query)}&timespan=${encodedSpan}`;
  return {
    schemaId: 'azureMonitorCommonAlertSchema',
    data: {
      essentials: essentials(b, e, 'Log', 'Log Alerts V2'),
      alertContext: {
        properties: e.properties ?? {},
        conditionType: 'LogQueryCriteria',
        condition: {
          windowSize: `PT${c.windowMinutes}M`,
          allOf: [
            {
              searchQuery: c.query,
              metricMeasureColumn: null,
              targetResourceTypes: `['${e.targetType}']`,
              operator: 'GreaterThan',
              threshold: String(c.threshold),
              timeAggregation: 'Count',
              dimensions: c.dimensions ?? [],
              metricValue: c.metricValue,
              failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
              linkToSearchResultsAPI: api,
              linkToFilteredSearchResultsAPI: api,
            },
          ],
          windowStartTime: start.replace(/\.\d{3}Z$/, 'Z'),
          windowEndTime: end.replace(/\.\d{3}Z$/, 'Z'),
        },
      },
      customProperties: e.properties ?? {},
    },
  };
}

export type { Essentials };
export { metricAlert, logAlert };
