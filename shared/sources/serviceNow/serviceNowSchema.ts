import { z } from 'zod';
import { VendorTimestampSchema } from '../../incident';

// Table API values are all strings; choice fields carry digits ("1"), empty fields are "".
const Digits = z.string().regex(/^\d+$/, 'expected a numeric string such as "2"');
const OptionalDigits = z.union([z.literal(''), Digits]).optional();
const OptionalText = z.string().optional();
const OptionalTime = z.union([z.literal(''), VendorTimestampSchema]).optional();

/**
 * Our inbound contract for ServiceNow (ServiceNow has no native outbound webhook): the JSON the
 * business rule in docs/sources.md posts on insert and update of an incident. Field names and
 * value types follow the Table API (`display_value=false`): strings, times `YYYY-MM-DD HH:MM:SS` UTC.
 *
 * @example
 * {"event":"incident.updated","instance":"northwind","table":"incident","sys_id":"9d3f...","number":"INC0048213",
 *  "state":"2","priority":"1","impact":"1","urgency":"1","short_description":"Checkout API latency above SLO",
 *  "correlation_id":"azmon:8b2f...","changed_fields":["state"],"sys_updated_on":"2026-03-04 09:26:44",
 *  "sys_updated_by":"riley.chen","sys_mod_count":"4"}
 */
const ServiceNowIncidentEventSchema = z.looseObject({
  event: z.enum(['incident.created', 'incident.updated']),
  /** Instance name, the `<instance>` of `<instance>.service-now.com`. */
  instance: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/i, 'expected the instance name, e.g. "northwind"'),
  table: z.literal('incident'),
  sys_id: z.string().regex(/^[0-9a-f]{32}$/, 'expected a 32-character hex sys_id'),
  number: z.string().min(1),
  /** 1 New, 2 In Progress, 3 On Hold, 6 Resolved, 7 Closed, 8 Canceled. */
  state: Digits,
  state_display: OptionalText,
  /** 1 Critical .. 5 Planning. */
  priority: OptionalDigits,
  /** 1 High, 2 Medium, 3 Low. */
  impact: OptionalDigits,
  urgency: OptionalDigits,
  short_description: z.string().min(1),
  description: OptionalText,
  assignment_group: OptionalText,
  assignment_group_display: OptionalText,
  assigned_to_display: OptionalText,
  cmdb_ci: OptionalText,
  cmdb_ci_display: OptionalText,
  business_service: OptionalText,
  business_service_display: OptionalText,
  /** Our external key: `azmon:<alert guid>` when the incident came from an Azure Monitor alert. */
  correlation_id: OptionalText,
  correlation_display: OptionalText,
  opened_at: OptionalTime,
  resolved_at: OptionalTime,
  close_code: OptionalText,
  close_notes: OptionalText,
  changed_fields: z.array(z.string()).default([]),
  sys_updated_on: VendorTimestampSchema,
  sys_updated_by: z.string(),
  /** Increments on every update; part of the dedupe key. */
  sys_mod_count: OptionalDigits,
});

type ServiceNowIncidentEvent = z.infer<typeof ServiceNowIncidentEventSchema>;

export { ServiceNowIncidentEventSchema };
export type { ServiceNowIncidentEvent };
