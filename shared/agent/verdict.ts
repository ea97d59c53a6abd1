import { z } from 'zod';
import { tokenUsageSchema } from '../llm/tokenUsage';

/** The three outcomes of testing a hypothesis. */
const verdictValueSchema = z.enum(['supported', 'refuted', 'inconclusive']);

/**
 * The result of one hypothesis subagent (model or deterministic). Returned by the
 * `runHypothesis` sub-orchestration, so it carries a `schemaVersion`.
 *
 * @example
 * { schemaVersion: 1, hypothesisId: 'bad-deployment', verdict: 'supported', confidence: 0.85,
 *   summary: 'Failures started 2 minutes after deployment 42 and only on the new revision.',
 *   evidence: ['bad-deployment:failures-by-revision'], gaps: [], decidedBy: 'model', usage: {...} }
 */
const hypothesisVerdictSchema = z.object({
  schemaVersion: z.literal(1),
  hypothesisId: z.string().min(1),
  verdict: verdictValueSchema,
  confidence: z.number().min(0).max(1),
  summary: z.string().min(1),
  /** Ids of the tool calls that decided the verdict (each is a ToolCallRecord id). */
  evidence: z.array(z.string().min(1)),
  /** What the subagent wanted to see but could not (failed queries, missing tables, budget). */
  gaps: z.array(z.string()),
  /** `model` when a model decided it, `rules` for deterministic verdict rules, `budget` when a limit ended the run. */
  decidedBy: z.enum(['model', 'rules', 'budget']),
  usage: tokenUsageSchema,
});

type VerdictValue = z.infer<typeof verdictValueSchema>;
type HypothesisVerdict = z.infer<typeof hypothesisVerdictSchema>;

export { verdictValueSchema, hypothesisVerdictSchema };
export type { VerdictValue, HypothesisVerdict };
