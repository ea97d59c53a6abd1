import { z } from 'zod';
import { IncidentSchema } from '../incident';

/**
 * Payloads crossing the Durable boundary between ingestion and the investigation. Each carries
 * `schemaVersion` so instances in flight still replay after a deploy; a new version is added
 * beside the old one, never edited in place.
 */
const InvestigationInputSchema = z.object({
  schemaVersion: z.literal(1),
  incident: IncidentSchema,
  /** How it started: an ingested alert, a person (POST /api/investigations), or a schedule. */
  trigger: z.enum(['ingest', 'manual', 'schedule']),
  /** Run everything but skip write-back to outside systems. */
  dryRun: z.boolean().default(false),
  /** Run this plan instead of matching one (dry runs of a plan against an incident). */
  planId: z.string().optional(),
  /**
   * Set when the investigation continues as new in its monitoring phase (after the report):
   * the status so far and when monitoring ends. Absent on a fresh start.
   */
  monitoring: z
    .object({
      deadline: z.string(),
      status: z.record(z.string(), z.unknown()),
      output: z.record(z.string(), z.unknown()),
      /** The investigation context, for write-back on a later resolve. */
      context: z.record(z.string(), z.unknown()),
    })
    .optional(),
});

/**
 * Another alert of the group joined. Compact on purpose: in an alert storm every signal lands in
 * the orchestration's history; the full incident is on the incident index (`GET /api/incidents/{id}`).
 */
const IncidentSignalEventSchema = z.object({
  schemaVersion: z.literal(1),
  /** Incident index id of the joining alert. */
  incidentId: z.string(),
  dedupeKey: z.string(),
  title: z.string(),
  severity: z.enum(['Sev0', 'Sev1', 'Sev2', 'Sev3', 'Sev4']),
  deliveryId: z.string(),
  receivedAt: z.string(),
});

const IncidentUpdatedEventSchema = z.object({
  schemaVersion: z.literal(1),
  deliveryId: z.string(),
  change: z.object({
    event: z.string(),
    occurredAt: z.string(),
    summary: z.string(),
    actor: z.string().nullable(),
    status: z.enum(['firing', 'acknowledged', 'resolved']).optional(),
    severity: z.enum(['Sev0', 'Sev1', 'Sev2', 'Sev3', 'Sev4']).optional(),
  }),
  incident: IncidentSchema.optional(),
});

const IncidentResolvedEventSchema = z.object({
  schemaVersion: z.literal(1),
  deliveryId: z.string(),
  incident: IncidentSchema,
  resolvedAt: z.string(),
});

type InvestigationInput = z.infer<typeof InvestigationInputSchema>;
type IncidentSignalEvent = z.infer<typeof IncidentSignalEventSchema>;
type IncidentUpdatedEvent = z.infer<typeof IncidentUpdatedEventSchema>;
type IncidentResolvedEvent = z.infer<typeof IncidentResolvedEventSchema>;

export { InvestigationInputSchema, IncidentSignalEventSchema, IncidentUpdatedEventSchema, IncidentResolvedEventSchema };
export type { InvestigationInput, IncidentSignalEvent, IncidentUpdatedEvent, IncidentResolvedEvent };
