import { z } from 'zod';
import { IncidentSchema, IncidentSourceSchema } from '../incident';
import { planSchema } from '../plans/planSchema';

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
  /** Run this plan as given (a scheduled task's plan, resolved when the run starts). */
  plan: planSchema.optional(),
  /**
   * Set on a scheduled task's run: which task and slot. Such a run posts no "started" message,
   * posts a healthy result only when `postWhenHealthy`, and ends after its report (no monitoring).
   */
  task: z.object({ id: z.string().min(1), slot: z.iso.datetime(), postWhenHealthy: z.boolean() }).optional(),
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
 * A nudge: alerts of the group joined since the last one. It carries no alerts on purpose: the
 * joins are on the signal ledger (see `shared/ingestion/signalLedger.ts`), which the
 * investigation reads, so a storm adds one event per nudge interval to its history, not one per
 * alert. The `incidentUpdated` and `incidentResolved` events are nudges too: their ledger entries
 * are written before they are raised, and the investigation acts on the ledger, not the payload.
 */
const SignalsJoinedEventSchema = z.object({
  schemaVersion: z.literal(1),
  sentAt: z.string(),
});

/** Input of the `countSignals` activity: the signal ledger of one investigation. */
const CountSignalsInputSchema = z.object({
  schemaVersion: z.literal(1),
  instanceId: z.string(),
  source: IncidentSourceSchema,
  investigationKey: z.string(),
});

/**
 * Output of `countSignals`: alerts that joined (the one that opened the investigation not
 * counted), updates from the source, and when the source resolved the incident (null while it has
 * not). The last two are absent from outputs recorded before the ledger held them.
 */
const CountSignalsOutputSchema = z.object({
  schemaVersion: z.literal(1),
  joined: z.number().int().nonnegative(),
  updates: z.number().int().nonnegative().optional(),
  resolvedAt: z.string().nullable().optional(),
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
type SignalsJoinedEvent = z.infer<typeof SignalsJoinedEventSchema>;
type CountSignalsInput = z.infer<typeof CountSignalsInputSchema>;
type CountSignalsOutput = z.infer<typeof CountSignalsOutputSchema>;
type IncidentUpdatedEvent = z.infer<typeof IncidentUpdatedEventSchema>;
type IncidentResolvedEvent = z.infer<typeof IncidentResolvedEventSchema>;

export { InvestigationInputSchema, SignalsJoinedEventSchema, CountSignalsInputSchema, CountSignalsOutputSchema, IncidentUpdatedEventSchema, IncidentResolvedEventSchema };
export type { InvestigationInput, SignalsJoinedEvent, CountSignalsInput, CountSignalsOutput, IncidentUpdatedEvent, IncidentResolvedEvent };
