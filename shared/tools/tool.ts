import { z } from 'zod';

/**
 * What every tool returns: a record tagged with a status, never an exception for an upstream
 * failure. The model reads failures as data (status, the exact invocation, the upstream error)
 * and can correct itself; only policy violations and exhausted budgets stop a run.
 */
const toolResultSchema = z.object({
  schemaVersion: z.literal(1),
  /** Tool name, e.g. `log_analytics_query`. */
  tool: z.string(),
  status: z.enum(['success', 'no_data', 'error']),
  /** The exact thing that ran: the KQL text, the metric request, the URL probed. */
  invocation: z.string(),
  /** Absolute time range the invocation covered, when it has one (ISO 8601). */
  timeRange: z.object({ start: z.string(), end: z.string() }).optional(),
  /** The result payload (rows, metric series, probe result...), JSON-serialisable. */
  data: z.unknown().optional(),
  /** For `error`: what went wrong, including the upstream message and, for KQL, diagnostics. */
  error: z
    .object({
      code: z.string(),
      message: z.string(),
      /** Machine-readable details, e.g. KQL diagnostics with line/column/suggestions. */
      details: z.unknown().optional(),
    })
    .optional(),
  /** One or two lines for humans and the audit log (row count, latency...). */
  summary: z.string(),
  durationMs: z.number().nonnegative(),
});

type ToolResult = z.infer<typeof toolResultSchema>;

/** Per-call context a tool receives from the activity that runs it. */
interface ToolContext {
  /** The investigation this call belongs to (for caches and audit), if any. */
  investigationId?: string;
  /** Aborts the call at the activity's deadline. */
  signal?: AbortSignal;
  /** Current time; tools use it for relative time ranges so tests can fix the clock. */
  now: () => Date;
}

/**
 * A tool the agent (or a deterministic check) may call. Created by a factory that injects its
 * clients, so the same definition runs against Azure and against the local emulator.
 */
interface ToolDefinition<P extends z.ZodType = z.ZodType> {
  /** Canonical name used in plans, rules and the model's tool list (snake_case). */
  readonly name: string;
  /** Written for the model: when to use it and what it returns, not only what it is. */
  readonly description: string;
  /** True when the tool cannot change anything (governance allows read-only tools by default). */
  readonly readOnly: boolean;
  /** zod schema of the arguments; converted to JSON Schema for the model. */
  readonly parameters: P;
  /** A JSON Schema to show the model instead of the converted `parameters` (MCP tools pass their server's through). */
  readonly inputSchema?: Record<string, unknown>;
  /** For tools an MCP server serves: the server's name and its own tool name. */
  readonly mcp?: { server: string; tool: string };
  /** One short line for humans and the audit log, e.g. "KQL on workspace prod-logs: AppRequests | ...". */
  auditDescription(params: z.output<P>): string;
  /** Runs the tool. Must resolve with an `error` result for upstream failures rather than throw. */
  execute(params: z.output<P>, context: ToolContext): Promise<ToolResult>;
}

export { toolResultSchema };
export type { ToolResult, ToolContext, ToolDefinition };
