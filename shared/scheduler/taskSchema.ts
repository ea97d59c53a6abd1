import { z } from 'zod';
import { budgetLimitsSchema, hypothesisSchema, severitySchema } from '../plans/planSchema';
import { parseCronSchedule } from './cronSchedule';

/**
 * The scheduled task format (docs/tasks.md). A task file is YAML in `tasks/` (or the blob
 * container `TASKS_CONTAINER`), in one of two shapes:
 *
 * - ours: `id`, `description`, `schedule` (5-field cron), `timeZone`, `enabled`, `mode`, the
 *   plan to run (`plan: <plan id>`, or inline `hypotheses` in the plan format with
 *   `allowedTools`), `targets`, `budgets`, `destinations`, `postWhenHealthy`, `maxRuns`, `endAt`;
 * - Azure SRE Agent's recipe: `metadata.name` and `spec{description, schedule, prompt,
 *   enabled, mode}` (UTC), which becomes one hypothesis whose guidance is the prompt.
 *
 * @example
 * id: shop-daily-health
 * description: Daily health check of the shop
 * schedule: "0 8 * * *"
 * timeZone: Europe/Amsterdam
 * plan: http-5xx-after-deployment
 * targets: { resources: [/subscriptions/.../sites/app-shop-prod] }
 * destinations: [teams]
 */

/** A task id: also part of Durable instance ids and URLs, so strict. */
const TASK_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,47}$/;
const taskIdSchema = z.string().regex(TASK_ID_PATTERN, 'must be lowercase letters, digits and dashes, starting with a letter or digit, at most 48 characters');

const cronSchema = z.string().superRefine((expression, ctx) => {
  try {
    parseCronSchedule(expression, 'UTC');
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
  }
});

const timeZoneSchema = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'is not an IANA time zone (e.g. UTC, Europe/Amsterdam)' },
);

/** Plans name their incident's own system `source`; a scheduled run has none, so tasks name systems. */
const taskDestinationSchema = z
  .string()
  .regex(/^(pagerduty|servicenow|azure-monitor|teams|event-grid)(:[a-z0-9=,-]+)?$/, 'must be teams, event-grid, pagerduty, servicenow or azure-monitor (a scheduled run has no `source`)');

/** What the run looks at: the synthetic incident carries these, so plan templates resolve as for an alert. */
const taskTargetsSchema = z
  .object({
    /** ARM ids of the resources to check (pick the workspace and Application Insights component like an alert's resources). */
    resources: z.array(z.string().regex(/^\/subscriptions\//i, 'must be an ARM resource id')).default([]),
    /** Service name, as an alert would give it. */
    service: z.string().min(1).optional(),
    /** Host name for probes (`{{ targets.host }}`). */
    host: z.string().regex(/^[a-z0-9.-]+$/i, 'must be a host name').optional(),
  })
  .strict();

const modeSchema = z
  .string()
  .transform((mode) => mode.toLowerCase())
  .pipe(z.enum(['review', 'autonomous']));

/** Our shape. Either `plan` or `hypotheses`. */
const nativeTaskSchema = z
  .object({
    schemaVersion: z.literal(1).default(1),
    id: taskIdSchema,
    description: z.string().min(1),
    /** Five cron fields (`minute hour day month weekday`), evaluated in `timeZone`. */
    schedule: cronSchema,
    timeZone: timeZoneSchema.default('UTC'),
    enabled: z.boolean().default(true),
    /** Overrides the plan's mode. */
    mode: modeSchema.optional(),
    /** A plan id (bundled or override) to run instead of inline hypotheses. */
    plan: z.string().min(1).optional(),
    /** Inline hypotheses in the plan format (checks and verdict rules, guidance for the model). */
    hypotheses: z.array(hypothesisSchema).optional(),
    allowedTools: z.array(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a snake_case tool name')).optional(),
    guidance: z.string().optional(),
    knowledge: z.array(z.string().min(1)).optional(),
    targets: taskTargetsSchema.prefault({}),
    /** Overrides of the plan's budgets, per field. */
    budgets: z.object({ perHypothesis: budgetLimitsSchema.partial().strict().optional(), perInvestigation: budgetLimitsSchema.partial().strict().optional() }).strict().optional(),
    /** Overrides the plan's destinations. */
    destinations: z.array(taskDestinationSchema).optional(),
    /** Severity a problem found by the run is reported with. */
    severity: severitySchema.default('Sev3'),
    /** Post a short "healthy" result when nothing is wrong (false: post only problems). */
    postWhenHealthy: z.boolean().default(true),
    /** Stop scheduling after this many scheduled runs. */
    maxRuns: z.number().int().positive().optional(),
    /** Stop scheduling after this time (ISO 8601 with offset). */
    endAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .superRefine((task, ctx) => {
    if ((task.plan === undefined) === (task.hypotheses === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['plan'], message: 'give either plan (a plan id) or hypotheses (inline), not both and not neither' });
    }
    if (task.plan !== undefined) {
      for (const field of ['allowedTools', 'guidance', 'knowledge'] as const) {
        if (task[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: `${field} belongs to the plan; with plan: set it in the plan file or use inline hypotheses` });
      }
    }
  });

/** Azure SRE Agent's scheduled task recipe (UTC). */
const sreAgentTaskSchema = z
  .object({
    apiVersion: z.string().optional(),
    kind: z.string().optional(),
    metadata: z.object({ name: taskIdSchema }).loose(),
    spec: z
      .object({
        description: z.string().min(1),
        schedule: cronSchema,
        prompt: z.string().min(1),
        enabled: z.boolean().default(true),
        mode: modeSchema.default('review'),
      })
      .loose(),
  })
  .strict();

/** A task as the scheduler uses it, whatever shape its file had. */
interface ScheduledTask {
  id: string;
  description: string;
  schedule: string;
  timeZone: string;
  enabled: boolean;
  mode?: 'review' | 'autonomous';
  plan?: string;
  hypotheses?: z.infer<typeof hypothesisSchema>[];
  allowedTools?: string[];
  guidance?: string;
  knowledge?: string[];
  targets: z.infer<typeof taskTargetsSchema>;
  budgets?: z.infer<typeof nativeTaskSchema>['budgets'];
  destinations?: string[];
  severity: z.infer<typeof severitySchema>;
  postWhenHealthy: boolean;
  maxRuns?: number;
  endAt?: string;
  /** Which file shape it came in. */
  format: 'native' | 'sre-agent';
}

/** Turns an SRE Agent recipe into our task: its prompt becomes the guidance of one hypothesis. */
function fromSreAgent(recipe: z.infer<typeof sreAgentTaskSchema>): ScheduledTask {
  const { spec } = recipe;
  return {
    id: recipe.metadata.name,
    description: spec.description,
    schedule: spec.schedule,
    timeZone: 'UTC',
    enabled: spec.enabled,
    mode: spec.mode,
    hypotheses: [
      hypothesisSchema.parse({ id: 'prompt', title: spec.description, guidance: spec.prompt, rootCauseCategory: 'other' }),
    ],
    targets: { resources: [] },
    severity: 'Sev3',
    postWhenHealthy: true,
    format: 'sre-agent',
  };
}

/** Each shape, parsed into a {@link ScheduledTask}. */
const sreAgentTaskFileSchema = sreAgentTaskSchema.transform(fromSreAgent);
const nativeTaskFileSchema = nativeTaskSchema.transform((task): ScheduledTask => ({ ...task, format: 'native' }));

/** True when the mapping looks like an SRE Agent recipe (so errors are reported against that shape). */
function isSreAgentShape(raw: Record<string, unknown>): boolean {
  return 'spec' in raw || 'metadata' in raw;
}

export { TASK_ID_PATTERN, taskIdSchema, nativeTaskSchema, sreAgentTaskSchema, nativeTaskFileSchema, sreAgentTaskFileSchema, isSreAgentShape };
export type { ScheduledTask };
