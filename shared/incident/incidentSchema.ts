import { z } from 'zod';

/** Where an incident came from (`schedule`: the synthetic incident of a scheduled task run); also the prefix of its dedupe and investigation keys. */
const IncidentSourceSchema = z.enum(['azure-monitor', 'event-grid', 'pagerduty', 'servicenow', 'schedule']);

/** Sources that send alerts to an ingestion route (every source but `schedule`). */
const IngestSourceSchema = IncidentSourceSchema.exclude(['schedule']);

/**
 * Normalised severity, on Azure Monitor's scale: Sev0 Critical, Sev1 Error, Sev2 Warning,
 * Sev3 Informational, Sev4 Verbose. Other sources map onto it (see `severity.ts` and docs/sources.md).
 */
const SeveritySchema = z.enum(['Sev0', 'Sev1', 'Sev2', 'Sev3', 'Sev4']);

/** Lifecycle of the incident at the source: firing (new or still active), acknowledged, resolved. */
const IncidentStatusSchema = z.enum(['firing', 'acknowledged', 'resolved']);

/** One Azure resource the incident is about, from a lower-cased ARM id. */
const AffectedResourceSchema = z.object({
  /** Full ARM id, lower-cased. */
  id: z.string().startsWith('/subscriptions/'),
  subscriptionId: z.string(),
  /** `null` for subscription-level ids. */
  resourceGroup: z.string().nullable(),
  /** Resource provider namespace, e.g. `microsoft.compute`; `null` for subscriptions and resource groups. */
  provider: z.string().nullable(),
  /** Full type, e.g. `microsoft.sql/servers/databases`. */
  type: z.string(),
  /** Resource name; nested resources join their names with `/` (`server/db`). */
  name: z.string(),
});

/** A link back to the source system (alert, incident, query results, runbook). */
const IncidentLinkSchema = z.object({
  /** What the link is: `source` (the record at the source), `investigation`, `query`, `query-api`, `runbook`. */
  rel: z.string().min(1),
  url: z.url(),
  title: z.string(),
});

/** The alert rule (or rule-like origin) that raised the incident. */
const IncidentRuleSchema = z.object({
  name: z.string(),
  /** ARM id of the rule when the source has one, lower-cased. */
  id: z.string().nullable(),
});

/** Source-specific facts the investigation may use, e.g. the metric condition or the service health tracking id. */
const IncidentSignalSchema = z.object({
  /** The source's own kind of signal: Azure Monitor `monitoringService`, Event Grid event type, PagerDuty event type. */
  type: z.string(),
  details: z.record(z.string(), z.unknown()),
});

/**
 * The normalised incident every source maps into. It crosses the Durable boundary (orchestration
 * input), hence `schemaVersion`.
 *
 * Keys:
 * - `dedupeKey` identifies this *signal* (the same alert delivered twice has the same key);
 *   characters are safe for Table Storage keys.
 * - `groupKey` identifies the *investigation* it belongs to (configurable fields per source).
 * - `investigationKey` is a short hash of source + group key, usable as a Durable instance id.
 */
const IncidentSchema = z.object({
  schemaVersion: z.literal(1),
  source: IncidentSourceSchema,
  /** The source's primary id: Azure alert id, PagerDuty incident id, ServiceNow sys_id, Event Grid event id. */
  externalId: z.string().min(1),
  /** Other ids the source gives (origin alert id, incident number, incident key...). */
  externalIds: z.record(z.string(), z.string()),
  title: z.string().min(1),
  description: z.string(),
  severity: SeveritySchema,
  /** The severity as the source expressed it (e.g. `P1/high`, `priority 2`), `null` when it had none. */
  sourceSeverity: z.string().nullable(),
  status: IncidentStatusSchema,
  firedAt: z.iso.datetime(),
  resolvedAt: z.iso.datetime().nullable(),
  resources: z.array(AffectedResourceSchema),
  rule: IncidentRuleSchema.nullable(),
  /** Business or technical service, when the source names one. */
  service: z.string().nullable(),
  /** Cross-system correlation id (`azmon:<alert guid>`, PagerDuty incident_key, ServiceNow correlation_id). */
  correlationId: z.string().nullable(),
  signal: IncidentSignalSchema,
  links: z.array(IncidentLinkSchema),
  customProperties: z.record(z.string(), z.string()),
  dedupeKey: z.string().min(1),
  groupKey: z.string().min(1),
  investigationKey: z.string().regex(/^[a-z0-9-]{1,100}$/),
  /** Where the caller archived the raw request body (blob path), `null` when not archived. */
  rawPayloadRef: z.string().nullable(),
});

type IncidentSource = z.infer<typeof IncidentSourceSchema>;
type IngestSource = z.infer<typeof IngestSourceSchema>;
type Severity = z.infer<typeof SeveritySchema>;
type IncidentStatus = z.infer<typeof IncidentStatusSchema>;
type AffectedResource = z.infer<typeof AffectedResourceSchema>;
type IncidentLink = z.infer<typeof IncidentLinkSchema>;
type IncidentRule = z.infer<typeof IncidentRuleSchema>;
type IncidentSignal = z.infer<typeof IncidentSignalSchema>;
type Incident = z.infer<typeof IncidentSchema>;

export {
  IncidentSourceSchema,
  IngestSourceSchema,
  SeveritySchema,
  IncidentStatusSchema,
  AffectedResourceSchema,
  IncidentLinkSchema,
  IncidentRuleSchema,
  IncidentSignalSchema,
  IncidentSchema,
};
export type { IncidentSource, IngestSource, Severity, IncidentStatus, AffectedResource, IncidentLink, IncidentRule, IncidentSignal, Incident };
