/**
 * What a model accepts that the agent loop depends on.
 *
 * Forced tool choice (`tool_choice: {type: 'tool'}` or `'any'`) returns HTTP 400 on Claude
 * Sonnet 5.5, Opus 5.5 and Fable 5.1 (Anthropic's "What's new" pages for those models, read
 * 2026-11-22), and on older models it is refused together with extended thinking, which the 5.x
 * family runs by default. So forcing is opt-in per model: the final turn of a subagent forces
 * `submit_verdict` only where it is known to work, and elsewhere relies on an explicit
 * final-turn instruction plus the loop refusing any other tool (see agentStep).
 */
const FORCED_TOOL_CHOICE_MODELS: ReadonlySet<string> = new Set([
  'claude-sonnet-5',
  'claude-opus-5',
  'claude-sonnet-4-6',
  'claude-sonnet-4-5',
  'claude-opus-4-5',
  'claude-haiku-4-5',
]);

/** True when the model accepts `tool_choice: {type: 'tool', name}` (snapshot suffixes ignored). */
function supportsForcedToolChoice(model: string): boolean {
  return FORCED_TOOL_CHOICE_MODELS.has(model.replace(/-\d{8}$/, ''));
}

export { supportsForcedToolChoice, FORCED_TOOL_CHOICE_MODELS };
