import { z } from 'zod';

/**
 * What one hook said. A discriminated union the aggregator switches on:
 *
 * - `allow`: no objection (optionally with rewritten input or result, and context for the model).
 * - `block`: stop the call (Pre), hide the result (Post) or reject the report (Stop), with `reason`.
 * - `ask`: PreToolUse only: the call needs a human even if the rules allow it.
 */
const hookDecisionSchema = z.discriminatedUnion('decision', [
  z.object({
    decision: z.literal('allow'),
    updatedInput: z.record(z.string(), z.unknown()).optional(),
    updatedResult: z.unknown().optional(),
    additionalContext: z.string().optional(),
  }),
  z.object({ decision: z.literal('block'), reason: z.string(), additionalContext: z.string().optional() }),
  z.object({ decision: z.literal('ask'), reason: z.string(), additionalContext: z.string().optional() }),
]);

type HookDecision = z.infer<typeof hookDecisionSchema>;

/**
 * The JSON a hook may print. Both Azure SRE Agent forms (`{"ok": bool, "reason"}` and
 * `{"decision": "allow"|"block", "reason", "hookSpecificOutput": {"additionalContext"}}`) and
 * Claude Code's (`decision: "approve"|"block"`, `hookSpecificOutput.permissionDecision`
 * allow|deny|ask with `permissionDecisionReason`, `updatedInput`, `updatedMCPToolOutput`) are
 * read. `updatedToolOutput` is our name for rewriting any tool's result.
 */
const hookOutputJsonSchema = z
  .object({
    ok: z.boolean().optional(),
    decision: z.enum(['allow', 'approve', 'block', 'deny']).optional(),
    /** `null` is accepted: Azure SRE Agent prompts ask for `{"ok": true, "reason": null}`. */
    reason: z.string().nullable().optional(),
    hookSpecificOutput: z
      .object({
        permissionDecision: z.enum(['allow', 'deny', 'ask']).optional(),
        permissionDecisionReason: z.string().optional(),
        updatedInput: z.record(z.string(), z.unknown()).optional(),
        updatedMCPToolOutput: z.unknown().optional(),
        updatedToolOutput: z.unknown().optional(),
        additionalContext: z.string().optional(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();

/**
 * Reads a hook's JSON answer into a decision. `undefined` reason on a Stop rejection counts as
 * acceptance, as in Azure SRE Agent (a rejection the model cannot act on would only loop).
 *
 * @throws Error when the JSON is not an object of the known shape (the hook's fail mode applies).
 */
function parseHookOutput(json: unknown, hookName: string, isStop: boolean): HookDecision {
  const parsed = hookOutputJsonSchema.safeParse(json);
  if (!parsed.success) throw new Error(`hook ${hookName} answered JSON of an unknown shape: ${parsed.error.issues[0]?.message ?? ''}`);
  const out = parsed.data;
  const specific = out.hookSpecificOutput;
  const context = specific?.additionalContext;
  const withContext = <T extends object>(value: T): T & { additionalContext?: string } => (context ? { ...value, additionalContext: context } : value);
  const reason = specific?.permissionDecisionReason ?? out.reason ?? undefined;
  const blocked = out.ok === false || out.decision === 'block' || out.decision === 'deny' || specific?.permissionDecision === 'deny';
  if (blocked) {
    if (isStop && !reason) return withContext({ decision: 'allow' as const });
    return withContext({ decision: 'block' as const, reason: reason ?? `blocked by hook ${hookName}` });
  }
  if (specific?.permissionDecision === 'ask') return withContext({ decision: 'ask' as const, reason: reason ?? `hook ${hookName} asks for approval` });
  const updatedResult = specific?.updatedToolOutput ?? specific?.updatedMCPToolOutput;
  return withContext({
    decision: 'allow' as const,
    ...(specific?.updatedInput ? { updatedInput: specific.updatedInput } : {}),
    ...(updatedResult !== undefined ? { updatedResult } : {}),
  });
}

export { hookDecisionSchema, hookOutputJsonSchema, parseHookOutput };
export type { HookDecision };
