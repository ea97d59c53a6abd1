import { z } from 'zod';
import { tokenUsageSchema } from '../llm/tokenUsage';
import { toolResultSchema } from '../tools/tool';

/**
 * One tool call made during an investigation and what it returned: the unit of evidence.
 * Verdicts and reports cite its `id`; the report shows its tool, query, time range and an
 * excerpt of its result.
 */
const toolCallRecordSchema = z.object({
  schemaVersion: z.literal(1),
  /** Unique within the investigation: the model's `tool_use` id, or `<hypothesisId>:<checkId>` for checks. */
  id: z.string().min(1),
  hypothesisId: z.string().min(1),
  tool: z.string().min(1),
  arguments: z.record(z.string(), z.unknown()),
  result: toolResultSchema,
  /** Model usage of the prompt hooks that judged this call (PreToolUse, PostToolUse); counted in the report's usage. */
  hookUsage: tokenUsageSchema.optional(),
});

type ToolCallRecord = z.infer<typeof toolCallRecordSchema>;

export { toolCallRecordSchema };
export type { ToolCallRecord };
