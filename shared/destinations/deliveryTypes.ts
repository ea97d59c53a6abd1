import { z } from 'zod';
import { IncidentSchema } from '../incident';
import { investigationReportSchema } from '../report';

/** The systems results are written back to; also the `destination` part of idempotency keys. */
const DestinationNameSchema = z.enum(['pagerduty', 'servicenow', 'azure-monitor', 'teams', 'event-grid']);

/** Every destination, in the order write-back runs them when a plan names none. */
const DESTINATION_NAMES = DestinationNameSchema.options;

/**
 * What happened in the investigation that is worth telling the outside:
 * - `investigation-started`: an investigation began (optional acknowledge);
 * - `report`: the report is ready (notes, card, root cause, optional resolve);
 * - `approval-requested`: a tool call waits for a human decision;
 * - `resolved`: the incident was resolved (at the source or by the investigation);
 * - `task-failed`: a scheduled task failed several runs in a row and stopped (the incident's
 *   title says which and why; `investigationId` is its last run).
 */
const DeliveryKindSchema = z.enum(['investigation-started', 'report', 'approval-requested', 'resolved', 'task-failed']);

const impactOrUrgency = z.enum(['1', '2', '3']);

/**
 * State changes a plan allows, per destination; everything is off by default. Resolving or
 * closing happens only in `autonomous` mode, whatever the flags say.
 */
const PlanActionsSchema = z
  .object({
    pagerduty: z
      .object({
        /** Acknowledge the PagerDuty incident when the investigation starts. */
        acknowledge: z.boolean().default(false),
        /** Post the root cause as a status update (stakeholders) besides the note. */
        statusUpdate: z.boolean().default(false),
        /** Resolve the incident with the root cause as resolution when the report is ready (autonomous only). */
        resolve: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    servicenow: z
      .object({
        /** Impact to set (1 High, 2 Medium, 3 Low); priority is derived by the instance, never set. */
        impact: impactOrUrgency.optional(),
        urgency: impactOrUrgency.optional(),
        /** Resolve (state 6) with close code and close notes when the report is ready (autonomous only). */
        resolve: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    'azure-monitor': z
      .object({
        /** Set the alert state to Acknowledged when the investigation starts. */
        acknowledge: z.boolean().default(false),
        /** Set the alert state to Closed when the report is ready or the incident resolved (autonomous only). */
        close: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

/** Links shown in notes and cards; all absolute URLs. */
const DeliveryLinksSchema = z
  .object({
    /** The full report (or the investigation status page before the report exists). */
    report: z.url(),
    /** The incident at its source (PagerDuty, ServiceNow, Azure portal). */
    incident: z.url().optional(),
    /** Where pending approvals are decided. */
    approvals: z.url().optional(),
  })
  .strict();

/** Explicit records to write to; by default they come from the incident (see `targetsOf`). */
const DeliveryTargetsSchema = z
  .object({
    pagerDutyIncidentId: z.string().min(1).optional(),
    serviceNowSysId: z.string().regex(/^[0-9a-f]{32}$/, 'must be a 32-hex sys_id').optional(),
    /** Full Alerts Management id, `/subscriptions/…/providers/Microsoft.AlertsManagement/alerts/<guid>`. */
    azureAlertId: z.string().min(1).optional(),
  })
  .strict();

/** One approval waiting for a person, for `approval-requested` messages. */
const PendingApprovalSchema = z.object({ id: z.string().min(1), invocation: z.string().min(1), reason: z.string().optional() }).strict();

/** What a write-back activity hands to a destination. Crosses the Durable boundary: versioned. */
const DeliveryMessageSchema = z
  .object({
    schemaVersion: z.literal(1),
    kind: DeliveryKindSchema,
    /** The Durable instance id of the investigation. */
    investigationId: z.string().min(1),
    incident: IncidentSchema,
    /** Required for `report`; optional otherwise (a `resolved` card uses it when present). */
    report: investigationReportSchema.optional(),
    links: DeliveryLinksSchema,
    mode: z.enum(['review', 'autonomous']),
    planActions: PlanActionsSchema,
    targets: DeliveryTargetsSchema.prefault({}),
    approval: PendingApprovalSchema.optional(),
    /** When the event happened (ISO), e.g. the resolve time; defaults to the report's finish time. */
    occurredAt: z.iso.datetime().optional(),
  })
  .strict()
  .superRefine((message, ctx) => {
    if (message.kind === 'report' && !message.report) ctx.addIssue({ code: 'custom', path: ['report'], message: 'a report message needs the report' });
    if (message.kind === 'approval-requested' && !message.approval) {
      ctx.addIssue({ code: 'custom', path: ['approval'], message: 'an approval-requested message needs the approval' });
    }
  });

/** Why a delivery failed, safe to show (no secrets, no response bodies beyond the vendor's message). */
const DeliveryErrorSchema = z
  .object({
    /** `http_<status>`, `timeout`, `network`, `rate_limited`, `rejected`, `note_limit`, `internal`. */
    code: z.string().min(1),
    message: z.string(),
    httpStatus: z.number().int().optional(),
    /** True when trying again later may succeed (outage, rate limit); false for a rejected request. */
    retryable: z.boolean(),
  })
  .strict();

/**
 * The outcome of one delivery, recorded in the ledger and shown in the investigation status.
 * `skipped` means nothing had to be written (not configured, nothing to do for this kind, or
 * already delivered: then `replayed` is true and `externalRef` is the earlier one).
 */
const DeliveryResultSchema = z
  .object({
    schemaVersion: z.literal(1),
    destination: DestinationNameSchema,
    idempotencyKey: z.string().min(1),
    status: z.enum(['delivered', 'skipped', 'failed']),
    /** HTTP requests made for this delivery, retries included (0 when skipped). */
    attempts: z.number().int().nonnegative(),
    /** What was written: note id, sys_id, Teams request, Event Grid event id... */
    externalRef: z.string().optional(),
    /** Why it was skipped, in a sentence. */
    reason: z.string().optional(),
    error: DeliveryErrorSchema.optional(),
    /** True when the result comes from the ledger and nothing was sent this time. */
    replayed: z.boolean().default(false),
  })
  .strict();

type DestinationName = z.infer<typeof DestinationNameSchema>;
type DeliveryKind = z.infer<typeof DeliveryKindSchema>;
type PlanActions = z.infer<typeof PlanActionsSchema>;
type PlanActionsInput = z.input<typeof PlanActionsSchema>;
type DeliveryLinks = z.infer<typeof DeliveryLinksSchema>;
type DeliveryTargets = z.infer<typeof DeliveryTargetsSchema>;
type PendingApproval = z.infer<typeof PendingApprovalSchema>;
type DeliveryMessage = z.infer<typeof DeliveryMessageSchema>;
type DeliveryMessageInput = z.input<typeof DeliveryMessageSchema>;
type DeliveryError = z.infer<typeof DeliveryErrorSchema>;
type DeliveryResult = z.infer<typeof DeliveryResultSchema>;

export {
  DestinationNameSchema,
  DESTINATION_NAMES,
  DeliveryKindSchema,
  PlanActionsSchema,
  DeliveryLinksSchema,
  DeliveryTargetsSchema,
  PendingApprovalSchema,
  DeliveryMessageSchema,
  DeliveryErrorSchema,
  DeliveryResultSchema,
};
export type {
  DestinationName,
  DeliveryKind,
  PlanActions,
  PlanActionsInput,
  DeliveryLinks,
  DeliveryTargets,
  PendingApproval,
  DeliveryMessage,
  DeliveryMessageInput,
  DeliveryError,
  DeliveryResult,
};
