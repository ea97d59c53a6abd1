import type { ContentBlockParam, MessageCreateParamsNonStreaming, MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { supportsForcedToolChoice } from './modelCapabilities';
import type { PromptPrefix } from './promptPrefix';

/** Everything one model turn sends, apart from the client. */
interface TurnRequestInput {
  model: string;
  maxTokens: number;
  prefix: PromptPrefix;
  /** The conversation so far, ending with a user message (never an assistant prefill). */
  messages: ReadonlyArray<MessageParam>;
  /**
   * On the last allowed turn, the tool that must end the run (`submit_verdict`). Forced through
   * `tool_choice` where the model accepts it; the tool list itself never changes, so the cached
   * prefix stays valid on the final turn too.
   */
  finalTool?: string;
}

/**
 * Builds the Messages API request of one turn: the cached prefix as-is, then the messages, with
 * a breakpoint on the last block of the newest user message so the next turn reads this turn's
 * conversation from cache (3 breakpoints in all, the API allows 4: last tool, last system block,
 * newest user block). The stored conversation is not modified; the breakpoint is set on a copy.
 */
function buildTurnRequest(input: TurnRequestInput): MessageCreateParamsNonStreaming {
  const last = input.messages[input.messages.length - 1];
  if (!last || last.role !== 'user') throw new TypeError('the conversation must end with a user message');
  if (input.finalTool !== undefined && !input.prefix.tools.some((tool) => tool.name === input.finalTool)) {
    throw new TypeError(`final tool '${input.finalTool}' is not among the prefix tools`);
  }
  const request: MessageCreateParamsNonStreaming = {
    model: input.model,
    max_tokens: input.maxTokens,
    tools: input.prefix.tools,
    system: input.prefix.system,
    messages: [...input.messages.slice(0, -1), withConversationBreakpoint(last)],
  };
  if (input.finalTool !== undefined && supportsForcedToolChoice(input.model)) {
    request.tool_choice = { type: 'tool', name: input.finalTool };
  }
  return request;
}

function withConversationBreakpoint(message: MessageParam): MessageParam {
  const blocks: ContentBlockParam[] =
    typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : [...message.content];
  const lastBlock = blocks[blocks.length - 1];
  if (!lastBlock) throw new TypeError('the last user message is empty');
  blocks[blocks.length - 1] = { ...lastBlock, cache_control: { type: 'ephemeral' } } as ContentBlockParam;
  return { ...message, content: blocks } as MessageParam;
}

export { buildTurnRequest };
export type { TurnRequestInput };
