import { z } from 'zod';

/** Who acted. */
const auditActorSchema = z.object({
  type: z.enum(['model', 'hook', 'human', 'system']),
  /** Model id, hook name, approver (`entra:alice@contoso.com`, `function-key`) or component. */
  id: z.string().min(1),
});

/**
 * One line of the audit log. `kind` says what happened; `details` holds the event's own fields
 * (decision and matched rule, hook outcomes, approval status, write-back target...), redacted.
 */
const auditRecordSchema = z.object({
  schemaVersion: z.literal(1).default(1),
  /** ISO time of the event. */
  at: z.iso.datetime(),
  /** The investigation (orchestration instance id); `_system` for configuration loads. */
  investigationId: z.string().min(1),
  /**
   * `task`: a scheduled task changed state (marked failed, paused, resumed). `memory`: a fact or a
   * learning was added, rewritten or forgotten (docs/memory.md).
   */
  kind: z.enum(['tool_call', 'decision', 'hook', 'approval', 'write_back', 'config_load', 'task', 'memory']),
  actor: auditActorSchema,
  hypothesisId: z.string().optional(),
  toolCallId: z.string().optional(),
  /** Canonical invocation, e.g. `azure_cli(az group delete -n rg1)`. */
  invocation: z.string().optional(),
  /** One line for humans. */
  summary: z.string(),
  durationMs: z.number().nonnegative().optional(),
  details: z.record(z.string(), z.unknown()).default({}),
});

type AuditActor = z.infer<typeof auditActorSchema>;
type AuditRecord = z.infer<typeof auditRecordSchema>;
/** A record as callers write it: `schemaVersion` and `details` may be omitted. */
type AuditRecordInput = z.input<typeof auditRecordSchema>;

/** Investigation id used for records that belong to no investigation (configuration loads). */
const SYSTEM_AUDIT_ID = '_system';

export { auditRecordSchema, auditActorSchema, SYSTEM_AUDIT_ID };
export type { AuditRecord, AuditRecordInput, AuditActor };
