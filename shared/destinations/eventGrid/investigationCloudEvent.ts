import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DeliveryLinksSchema, type DeliveryKind, type DeliveryMessage } from '../deliveryTypes';

/** CloudEvents `type` per message kind; consumers filter their subscriptions on these. */
const INVESTIGATION_EVENT_TYPES: Record<DeliveryKind, string> = {
  'investigation-started': 'IncidentResponder.Investigation.Started',
  report: 'IncidentResponder.Investigation.Completed',
  'approval-requested': 'IncidentResponder.Investigation.ApprovalRequested',
  resolved: 'IncidentResponder.Investigation.Resolved',
  'task-failed': 'IncidentResponder.Task.Failed',
};

/**
 * The `data` of every event we publish (documented in docs/destinations.md). Small on purpose:
 * identifiers, the verdict and links; the full report stays behind `links.report`.
 */
const InvestigationEventDataSchema = z
  .object({
    schemaVersion: z.literal(1),
    investigationId: z.string(),
    mode: z.enum(['review', 'autonomous']),
    incident: z.object({
      source: z.string(),
      externalId: z.string(),
      title: z.string(),
      severity: z.string(),
      status: z.string(),
      service: z.string().nullable(),
      correlationId: z.string().nullable(),
      resourceIds: z.array(z.string()),
    }),
    report: z
      .object({
        summary: z.string(),
        rootCause: z.string().nullable(),
        rootCauseCategory: z.string().nullable(),
        confidence: z.number(),
        planId: z.string(),
        modelUsed: z.boolean(),
        recommendedActions: z.array(z.object({ action: z.string(), proposal: z.boolean() })),
        evidenceCount: z.number().int(),
      })
      .optional(),
    approval: z.object({ id: z.string(), invocation: z.string(), reason: z.string().optional() }).optional(),
    links: DeliveryLinksSchema,
  })
  .strict();

/** One CloudEvent 1.0, as handed to `EventGridPublisherClient.send` (schema `CloudEvent`). */
interface InvestigationCloudEvent {
  id: string;
  type: string;
  source: string;
  subject: string;
  time: Date;
  datacontenttype: 'application/json';
  data: z.infer<typeof InvestigationEventDataSchema>;
}

/**
 * Builds the event for a message. The id is derived from the idempotency key, so a re-publish
 * after a lost response carries the same id and consumers can deduplicate (Event Grid itself
 * delivers at least once).
 */
function investigationCloudEvent(message: DeliveryMessage, idempotencyKey: string, source: string, now: Date): InvestigationCloudEvent {
  const report = message.report;
  const data = InvestigationEventDataSchema.parse({
    schemaVersion: 1,
    investigationId: message.investigationId,
    mode: message.mode,
    incident: {
      source: message.incident.source,
      externalId: message.incident.externalId,
      title: message.incident.title,
      severity: message.incident.severity,
      status: message.incident.status,
      service: message.incident.service,
      correlationId: message.incident.correlationId,
      resourceIds: message.incident.resources.map((resource) => resource.id),
    },
    ...(report && message.kind !== 'investigation-started'
      ? {
          report: {
            summary: report.summary,
            rootCause: report.rootCause,
            rootCauseCategory: report.rootCauseCategory,
            confidence: report.confidence,
            planId: report.planId,
            modelUsed: report.modelUsed,
            recommendedActions: report.recommendedActions.map((action) => ({ action: action.action, proposal: action.proposal })),
            evidenceCount: report.evidence.length,
          },
        }
      : {}),
    ...(message.approval ? { approval: message.approval } : {}),
    links: message.links,
  });
  return {
    id: uuidFrom(idempotencyKey),
    type: INVESTIGATION_EVENT_TYPES[message.kind],
    source,
    subject: `/investigations/${message.investigationId}`,
    time: message.occurredAt ? new Date(message.occurredAt) : now,
    datacontenttype: 'application/json',
    data,
  };
}

/** A UUID-shaped id (version 8: custom) from a hash of the key. */
function uuidFrom(key: string): string {
  const hex = createHash('sha256').update(key, 'utf8').digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

type InvestigationEventData = z.infer<typeof InvestigationEventDataSchema>;

export { investigationCloudEvent, InvestigationEventDataSchema, INVESTIGATION_EVENT_TYPES };
export type { InvestigationCloudEvent, InvestigationEventData };
