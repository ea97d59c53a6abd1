import { z } from 'zod';
import type { ModelToolSpec } from '../llm/modelTool';
import { verdictValueSchema } from './verdict';

/** Name of the tool that ends a hypothesis subagent's run. */
const SUBMIT_VERDICT_TOOL = 'submit_verdict';

/** The input of `submit_verdict`: the model's final answer, validated like any tool input. */
const submitVerdictInputSchema = z
  .object({
    verdict: verdictValueSchema.describe('supported: the evidence shows this is the cause; refuted: the evidence rules it out; inconclusive: neither.'),
    confidence: z.number().min(0).max(1).describe('How sure you are, from 0 to 1.'),
    summary: z.string().min(1).describe('Two or three sentences a human on call can act on, citing numbers and times.'),
    evidence: z
      .array(z.string().min(1))
      .describe('The ids of the tool calls (tool_use ids) whose results decided the verdict. Required for supported and refuted.'),
    gaps: z.array(z.string()).describe('What you wanted to check but could not (failed queries, missing data).'),
  })
  .strict();

type SubmitVerdictInput = z.infer<typeof submitVerdictInputSchema>;

/** The tool spec given to the model alongside the plan's telemetry tools. */
const submitVerdictTool: ModelToolSpec = {
  name: SUBMIT_VERDICT_TOOL,
  description:
    'Submit your verdict on the hypothesis you were asked to test and end your investigation. ' +
    'Call it once, when the evidence decides the question or when you are told this is your final turn. ' +
    'Cite as evidence the ids of the tool calls whose results support your verdict.',
  parameters: submitVerdictInputSchema,
};

export { SUBMIT_VERDICT_TOOL, submitVerdictInputSchema, submitVerdictTool };
export type { SubmitVerdictInput };
