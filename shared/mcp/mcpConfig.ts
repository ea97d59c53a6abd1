import { z } from 'zod';
import { parseLocatedYaml, validateLocated } from '../governance/configFile';
import { globToRegExp } from '../governance/rules/globPattern';

/**
 * The MCP servers file (MCP_CONFIG_FILE, default `config/mcp.yaml`). Each server is stdio
 * (`command`, `args`, `env`, `cwd`) or streamable HTTP (`url`, `headers`); secrets are written
 * `${env:NAME}` (an app setting, which on Azure may itself be a Key Vault reference). See docs/mcp.md.
 *
 * ```yaml
 * servers:
 *   azure:
 *     enabled: false
 *     transport: stdio
 *     command: node_modules/@azure/mcp-linux-x64/dist/azmcp
 *     args: [server, start, --namespace, monitor, --mode, all, --read-only]
 *     env: { AZURE_MCP_COLLECT_TELEMETRY: "false" }
 *     tools: [monitor_*]
 * ```
 */

/** A server name: it becomes the middle of `mcp__<server>__<tool>`, so no underscores. */
const serverNameSchema = z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'must be lowercase letters, digits or -, starting with a letter (at most 31)');

/** A glob over the server's own tool names (`monitor_*`). */
const toolGlobSchema = z.string().regex(/^[A-Za-z0-9_.*?-]{1,128}$/, 'must be a tool name or a glob with * and ?');

const commonFields = {
  enabled: z.boolean().default(false),
  /** Seconds to start (or reach) the server and list its tools. */
  connectTimeoutSeconds: z.number().positive().max(300).default(30),
  /** Seconds one tool call may take; then the model gets a timeout error. */
  callTimeoutSeconds: z.number().positive().max(600).default(60),
  /** Only these tools (globs over the server's own names) are offered; default: every tool. */
  tools: z.array(toolGlobSchema).min(1).optional(),
  /**
   * Tools to treat as read-only although their annotations do not say `readOnlyHint: true`
   * (e.g. when the server runs with its own `--read-only` switch). Everything else is a write.
   */
  readOnlyTools: z.array(toolGlobSchema).default([]),
  description: z.string().optional(),
};

/** Environment values and headers: literal text or `${env:NAME}` references (resolved at connect time). */
const stringMapSchema = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'must be a plain name'), z.string());

const stdioServerSchema = z
  .object({
    transport: z.literal('stdio'),
    /** Executable: absolute, on PATH, or relative to the app root (`node_modules/...`). */
    command: z.string().min(1),
    args: z.array(z.string()).default([]),
    /** Environment of the server process, added to a minimal inherited one (PATH, HOME, identity endpoints). */
    env: stringMapSchema.default({}),
    /** Working folder, relative to the app root. */
    cwd: z.string().min(1).optional(),
    ...commonFields,
  })
  .strict();

const httpServerSchema = z
  .object({
    transport: z.literal('http'),
    url: z
      .string()
      .url()
      .refine((url) => /^https:\/\//i.test(url) || /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?\//i.test(url), {
        message: 'must be https (plain http only for localhost)',
      }),
    headers: stringMapSchema.default({}),
    ...commonFields,
  })
  .strict();

const serverSchema = z.discriminatedUnion('transport', [stdioServerSchema, httpServerSchema]);

const mcpFileSchema = z
  .object({ servers: z.record(serverNameSchema, serverSchema).default({}) })
  .strict()
  .nullable()
  .transform((file) => file ?? { servers: {} });

type McpServerConfig = z.infer<typeof serverSchema>;
type McpStdioServerConfig = z.infer<typeof stdioServerSchema>;
type McpHttpServerConfig = z.infer<typeof httpServerSchema>;

/** The validated file: every declared server by name, and where it came from. */
interface McpConfig {
  source: string;
  servers: Record<string, McpServerConfig>;
}

/**
 * Parses and validates the MCP servers file.
 * @throws ConfigError `<file>:<line>: <field>: <problem>` (a literal secret is refused too).
 */
function parseMcpConfig(file: string, text: string): McpConfig {
  const located = parseLocatedYaml(file, text);
  return { source: file, servers: validateLocated(located, mcpFileSchema).servers };
}

/** True when `name` (the server's own tool name) matches one of the globs. */
function matchesAny(globs: ReadonlyArray<string>, name: string): boolean {
  return globs.some((glob) => globToRegExp(glob).test(name));
}

export { parseMcpConfig, matchesAny, serverNameSchema };
export type { McpConfig, McpServerConfig, McpStdioServerConfig, McpHttpServerConfig };
