import type { HookEvent } from './hookConfig';

/**
 * What a hook receives (JSON on a command hook's stdin, `$ARGUMENTS` in a prompt hook). Field
 * names follow Azure SRE Agent (`hook_event_name`, `agent_name`, `current_turn`, `max_turns`,
 * `tool_name`, `tool_input`, `tool_result`, `tool_succeeded`, `final_output`,
 * `stop_hook_active`, `stop_rejection_count`) and Claude Code (`tool_use_id`, `tool_response`),
 * so hooks written for either port unchanged. `investigation_id` and `mode` are ours.
 */
interface HookInputJson {
  hook_event_name: HookEvent;
  agent_name: string;
  current_turn: number;
  max_turns: number;
  investigation_id: string;
  mode: 'review' | 'autonomous';
  tool_name?: string;
  tool_use_id?: string;
  tool_input?: Record<string, unknown>;
  tool_result?: unknown;
  tool_response?: unknown;
  tool_succeeded?: boolean;
  final_output?: string;
  stop_hook_active?: boolean;
  stop_rejection_count?: number;
}

/** Where a hook fires: the run it belongs to. */
interface HookRunContext {
  investigationId: string;
  /** The subagent (hypothesis id) or `synthesis` for the report. */
  agentName: string;
  currentTurn: number;
  maxTurns: number;
  mode: 'review' | 'autonomous';
}

/** Input of a PreToolUse run. */
interface PreToolUseInput extends HookRunContext {
  toolName: string;
  toolUseId: string;
  toolInput: Record<string, unknown>;
}

/** Input of a PostToolUse run. */
interface PostToolUseInput extends PreToolUseInput {
  /** The (redacted) tool result the model would see. */
  toolResult: unknown;
  toolSucceeded: boolean;
}

/** Input of a Stop run. */
interface StopInput extends HookRunContext {
  /** The final output: the report's Markdown. */
  finalOutput: string;
  /** How many times Stop hooks rejected this output already. */
  stopRejectionCount: number;
}

/** Builds the JSON a hook receives. */
function hookInputJson(event: HookEvent, input: PreToolUseInput | PostToolUseInput | StopInput): HookInputJson {
  const common: HookInputJson = {
    hook_event_name: event,
    agent_name: input.agentName,
    current_turn: input.currentTurn,
    max_turns: input.maxTurns,
    investigation_id: input.investigationId,
    mode: input.mode,
  };
  if ('finalOutput' in input) {
    return { ...common, final_output: input.finalOutput, stop_hook_active: input.stopRejectionCount > 0, stop_rejection_count: input.stopRejectionCount };
  }
  const tool = { ...common, tool_name: input.toolName, tool_use_id: input.toolUseId, tool_input: input.toolInput };
  if ('toolResult' in input) return { ...tool, tool_result: input.toolResult, tool_response: input.toolResult, tool_succeeded: input.toolSucceeded };
  return tool;
}

export { hookInputJson };
export type { HookInputJson, HookRunContext, PreToolUseInput, PostToolUseInput, StopInput };
