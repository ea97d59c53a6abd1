import { z } from 'zod';

/** How a remediation ended, as the report shows it. */
const remediationStatusSchema = z.enum(['executed', 'failed', 'interrupted', 'denied', 'rejected', 'expired', 'dry_run', 'not_rendered']);

/** One remediation in the report: what was (or would have been) run, who decided, and whether the symptom cleared. */
const remediationOutcomeSchema = z.object({
  hypothesisId: z.string(),
  remediationId: z.string(),
  title: z.string(),
  tool: z.string(),
  /** The canonical invocation (redacted), e.g. `mcp:azure/appservice_webapp_restart(resource=...)`. */
  invocation: z.string(),
  status: remediationStatusSchema,
  /** The tool's summary, or why it did not run. */
  detail: z.string(),
  verification: z
    .object({
      check: z.string(),
      at: z.string(),
      /** `null` when the check could not run or its expression failed. */
      cleared: z.boolean().nullable(),
      summary: z.string(),
    })
    .optional(),
});

type RemediationOutcome = z.infer<typeof remediationOutcomeSchema>;

export { remediationOutcomeSchema, remediationStatusSchema };
export type { RemediationOutcome };
