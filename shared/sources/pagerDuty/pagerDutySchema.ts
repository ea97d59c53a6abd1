import { z } from 'zod';
import { VendorTimestampSchema } from '../../incident';

/** A PagerDuty resource reference (`{id, type, summary, self, html_url}`). */
const PagerDutyReferenceSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  summary: z.string().nullish(),
  self: z.string().nullish(),
  html_url: z.string().nullish(),
});

/** `event.data` when `data.type` is `incident`. */
const PagerDutyIncidentDataSchema = z.looseObject({
  id: z.string().min(1),
  type: z.literal('incident'),
  html_url: z.string().nullish(),
  number: z.number().nullish(),
  status: z.enum(['triggered', 'acknowledged', 'resolved']),
  incident_key: z.string().nullish(),
  created_at: VendorTimestampSchema,
  reopened_at: VendorTimestampSchema.nullish(),
  title: z.string().min(1),
  service: PagerDutyReferenceSchema.nullish(),
  assignees: z.array(PagerDutyReferenceSchema).nullish(),
  escalation_policy: PagerDutyReferenceSchema.nullish(),
  teams: z.array(PagerDutyReferenceSchema).nullish(),
  priority: PagerDutyReferenceSchema.nullish(),
  urgency: z.enum(['high', 'low']).nullish(),
  conference_bridge: z.unknown().optional(),
  resolve_reason: z.unknown().optional(),
});

/** `event.data` of incident sub-resources (note, responder, status update, ...): they reference their incident. */
const PagerDutyIncidentChildDataSchema = z.looseObject({
  type: z.string(),
  incident: PagerDutyReferenceSchema,
  id: z.string().nullish(),
  /** incident_note */
  content: z.string().nullish(),
  /** incident_note / incident_status_update: the text was cut; fetch it via REST. */
  trimmed: z.boolean().nullish(),
  /** incident_responder / incident_status_update */
  message: z.string().nullish(),
  user: PagerDutyReferenceSchema.nullish(),
  state: z.string().nullish(),
});

/**
 * Webhooks V3 envelope: exactly one event per request; `data` is validated by `data.type`.
 *
 * @example
 * {"event":{"id":"01FQ8M3Z...","event_type":"incident.triggered","resource_type":"incident",
 *   "occurred_at":"2026-03-04T09:17:51.348Z","agent":{...}|null,"client":{"name":"..."}|null,"data":{"type":"incident",...}}}
 * @see https://developer.pagerduty.com/docs/webhooks-overview
 */
const PagerDutyWebhookSchema = z.object({
  event: z.object({
    id: z.string().min(1),
    event_type: z.string().min(1),
    resource_type: z.string(),
    occurred_at: VendorTimestampSchema,
    /** null when automation acted. */
    agent: PagerDutyReferenceSchema.nullish(),
    client: z.looseObject({ name: z.string().nullish() }).nullish(),
    data: z.looseObject({ type: z.string() }),
  }),
});

type PagerDutyReference = z.infer<typeof PagerDutyReferenceSchema>;
type PagerDutyIncidentData = z.infer<typeof PagerDutyIncidentDataSchema>;
type PagerDutyIncidentChildData = z.infer<typeof PagerDutyIncidentChildDataSchema>;
type PagerDutyWebhook = z.infer<typeof PagerDutyWebhookSchema>;

export { PagerDutyReferenceSchema, PagerDutyIncidentDataSchema, PagerDutyIncidentChildDataSchema, PagerDutyWebhookSchema };
export type { PagerDutyReference, PagerDutyIncidentData, PagerDutyIncidentChildData, PagerDutyWebhook };
