import Anthropic from '@anthropic-ai/sdk';
import type { Message, MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
import { z } from 'zod';
import { TransientError, fieldProblemsFromZod } from '../errors';
import { ModelRequestError } from './modelErrors';
import { DEFAULT_PRICES, usageOf, type PriceTable } from './pricing';
import { tokenUsageSchema } from './tokenUsage';

/** A tool call the model made whose input passed the tool's zod schema. */
const toolCallSchema = z.object({
  id: z.string(),
  name: z.string(),
  input: z.unknown(),
});

/**
 * A tool call the loop must refuse and explain to the model (unknown tool, input that fails the
 * schema). Data, not an exception: the loop answers it with an `is_error` tool result so the
 * model can correct itself on the next turn.
 */
const invalidToolCallSchema = toolCallSchema.extend({
  /** Human- and model-readable reason, naming the fields at fault. */
  error: z.string(),
});

/** What one model turn produced; crosses the activity boundary back to the orchestrator. */
const modelTurnResultSchema = z.object({
  schemaVersion: z.literal(1),
  model: z.string(),
  /** `end_turn`, `tool_use`, `max_tokens`, `refusal`, ... as the API said. */
  stopReason: z.string().nullable(),
  /** Concatenated text blocks (thinking blocks excluded). */
  text: z.string(),
  toolCalls: z.array(toolCallSchema),
  invalidToolCalls: z.array(invalidToolCallSchema),
  /**
   * The assistant message exactly as returned (text, tool_use, thinking blocks with their
   * signatures), to append to the conversation unchanged: models with thinking reject an
   * edited history.
   */
  assistantContent: z.array(z.record(z.string(), z.unknown())),
  usage: tokenUsageSchema,
  /** The API's message id, for support requests and the audit log. */
  messageId: z.string(),
});

type ToolCall = z.infer<typeof toolCallSchema>;
type InvalidToolCall = z.infer<typeof invalidToolCallSchema>;
type ModelTurnResult = z.infer<typeof modelTurnResultSchema>;

/** One turn to run: the request the prompt builder made and the schemas to check tool input with. */
interface ModelTurnRequest {
  params: MessageCreateParamsNonStreaming;
  /** Tool name → zod schema of its input; a call to a name not listed is refused. */
  toolSchemas: Readonly<Record<string, z.ZodType>>;
  prices?: PriceTable;
  signal?: AbortSignal;
}

/**
 * Runs one model turn: one `messages.create` call (the SDK retries 429/529/5xx itself), then
 * splits the answer into valid tool calls, invalid ones (with a reason for the model) and text,
 * and prices the usage.
 *
 * @throws TransientError when the API still fails after the SDK's retries with a retryable
 *   status (429, 5xx, 529 overloaded), a timeout or a connection error: the activity retries.
 * @throws ModelRequestError for requests the API will never accept (400, 401, 403, 404, 413).
 */
async function runModelTurn(client: Anthropic, request: ModelTurnRequest): Promise<ModelTurnResult> {
  let message: Message;
  try {
    message = await client.messages.create(request.params, request.signal ? { signal: request.signal } : undefined);
  } catch (error) {
    throw classifyApiError(error);
  }
  const toolCalls: ToolCall[] = [];
  const invalidToolCalls: InvalidToolCall[] = [];
  const texts: string[] = [];
  for (const block of message.content) {
    if (block.type === 'text') texts.push(block.text);
    if (block.type !== 'tool_use') continue;
    const schema = request.toolSchemas[block.name];
    if (!schema) {
      invalidToolCalls.push({ id: block.id, name: block.name, input: block.input, error: `there is no tool named '${block.name}'` });
      continue;
    }
    const parsed = schema.safeParse(block.input);
    if (parsed.success) {
      toolCalls.push({ id: block.id, name: block.name, input: parsed.data });
    } else {
      const problems = fieldProblemsFromZod(parsed.error.issues).map((p) => `${p.path || '(input)'}: ${p.message}`);
      invalidToolCalls.push({ id: block.id, name: block.name, input: block.input, error: `invalid input for ${block.name}: ${problems.join('; ')}` });
    }
  }
  const usage = usageOf(
    message.model || request.params.model,
    {
      inputTokens: message.usage.input_tokens,
      outputTokens: message.usage.output_tokens,
      cacheReadInputTokens: message.usage.cache_read_input_tokens ?? 0,
      cacheCreationInputTokens: message.usage.cache_creation_input_tokens ?? 0,
    },
    request.prices ?? DEFAULT_PRICES,
  );
  return modelTurnResultSchema.parse({
    schemaVersion: 1,
    model: message.model || request.params.model,
    stopReason: message.stop_reason ?? null,
    text: texts.join('\n').trim(),
    toolCalls,
    invalidToolCalls,
    assistantContent: message.content as unknown as Array<Record<string, unknown>>,
    usage,
    messageId: message.id,
  });
}

const RETRYABLE = new Set([408, 409, 429, 500, 502, 503, 504, 529]);

function classifyApiError(error: unknown): Error {
  if (error instanceof Anthropic.APIConnectionError) {
    // Includes APIConnectionTimeoutError: nothing reached the model, so a later retry may.
    return new TransientError(`model API unreachable: ${error.message}`, { cause: error });
  }
  if (error instanceof Anthropic.APIError) {
    const status = typeof error.status === 'number' ? error.status : undefined;
    const body = error.error as { error?: { type?: string } } | undefined;
    const errorType = body?.error?.type;
    const described = `model API answered ${status ?? 'without a status'}${errorType ? ` (${errorType})` : ''}`;
    if (status === undefined || RETRYABLE.has(status) || status >= 500) {
      return new TransientError(`${described} after the SDK's retries`, { cause: error });
    }
    return new ModelRequestError(status, errorType, described, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

export { runModelTurn, modelTurnResultSchema, toolCallSchema, invalidToolCallSchema };
export type { ModelTurnRequest, ModelTurnResult, ToolCall, InvalidToolCall };
