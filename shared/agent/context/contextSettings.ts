import { z } from 'zod';
import { defineSettings, positiveInt } from '../../config';

/**
 * Settings of the frugal context: where large tool results are stored instead of being sent to
 * the model, and how big a result may be before it is. Read by activities only (runTool, the
 * tool registry, prepareInvestigation); the orchestrator's pruning limits are constants in
 * `pruneToolResults.ts` because an orchestrator may not read the environment.
 */
const contextSettings = defineSettings('context', 'Frugal context: large tool results stored in blob storage and read back in slices', {
  TOOL_OUTPUTS_CONTAINER: {
    schema: z.union([z.literal('off'), z.string().regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'must be a valid blob container name')]),
    description:
      'Blob container for tool results too large to show the model (`<investigationId>/<callId>.json`): the model sees a ' +
      'summary of such a result (rows, columns, head, tail, distinct counts) and gets the read_result tool to page through it. ' +
      '`off` cuts large results to an excerpt in the prompt instead.',
    default: 'tool-outputs',
  },
  TOOL_RESULT_INLINE_MAX_CHARS: {
    schema: positiveInt.min(500).max(1_000_000),
    description: 'Largest tool result (characters of its JSON data) the model sees inline; larger ones are stored and summarised.',
    default: '6000',
  },
  READ_RESULT_MAX_ROWS: {
    schema: positiveInt.max(1000),
    description: 'Most rows one read_result call returns (its output is also kept under TOOL_RESULT_INLINE_MAX_CHARS).',
    default: '50',
  },
});

type ContextSettings = ReturnType<typeof contextSettings.load>;

export { contextSettings };
export type { ContextSettings };
