import { z } from 'zod';
import { createModelClient } from '../../../shared/llm/createModelClient';
import { ModelRequestError } from '../../../shared/llm/modelErrors';
import { runModelTurn } from '../../../shared/llm/runModelTurn';
import { reply, startScriptedModelServer, type ScriptedModelServer } from '../../helpers/scriptedModelServer';

const toolSchemas = {
  app_insights_query: z.object({ query: z.string().min(1), timespan: z.string().default('PT1H') }),
};
const params = {
  model: 'claude-sonnet-5-5',
  max_tokens: 512,
  messages: [{ role: 'user' as const, content: 'Test this hypothesis: h1: something' }],
};

function clientFor(server: ScriptedModelServer, maxRetries = 2) {
  return createModelClient({
    ANTHROPIC_API_KEY: 'test-key',
    ANTHROPIC_BASE_URL: server.baseURL,
    ANTHROPIC_MAX_RETRIES: maxRetries,
    ANTHROPIC_TIMEOUT_MS: 10_000,
  });
}

describe('runModelTurn', () => {
  let server: ScriptedModelServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('separates valid tool calls from unknown tools and invalid input, and prices the usage', async () => {
    // Prepare
    server = await startScriptedModelServer({
      script: [
        reply.toolUse(
          [
            { id: 'toolu_ok', name: 'app_insights_query', input: { query: 'AppRequests | take 5' } },
            { id: 'toolu_bad', name: 'app_insights_query', input: { query: '' } },
            { id: 'toolu_unknown', name: 'delete_everything', input: {} },
          ],
          { text: 'Looking.', usage: { input_tokens: 1000, output_tokens: 200, cache_read_input_tokens: 10_000, cache_creation_input_tokens: 0 } },
        ),
      ],
    });

    // Act
    const turn = await runModelTurn(clientFor(server), { params, toolSchemas });

    // Assess
    expect(turn.stopReason).toBe('tool_use');
    expect(turn.text).toBe('Looking.');
    expect(turn.toolCalls).toEqual([{ id: 'toolu_ok', name: 'app_insights_query', input: { query: 'AppRequests | take 5', timespan: 'PT1H' } }]);
    expect(turn.invalidToolCalls.map((call) => [call.id, call.error])).toEqual([
      ['toolu_bad', expect.stringMatching(/^invalid input for app_insights_query: query: /)],
      ['toolu_unknown', "there is no tool named 'delete_everything'"],
    ]);
    expect(turn.assistantContent).toHaveLength(4);
    // claude-sonnet-5-5: $2 input, $10 output, $0.20 cache read per million tokens.
    expect(turn.usage).toMatchObject({ inputTokens: 1000, outputTokens: 200, cacheReadInputTokens: 10_000, modelCalls: 1, costUsd: 0.006 });
  });

  it('throws a retryable TransientError when 529s outlast the SDK retries', async () => {
    // Prepare
    server = await startScriptedModelServer({ script: [reply.overloaded(), reply.overloaded()] });

    // Act
    const failure = runModelTurn(clientFor(server, 1), { params, toolSchemas });

    // Assess
    await expect(failure).rejects.toMatchObject({ name: 'TransientError', message: expect.stringContaining('529') });
    expect(server.messageRequests()).toHaveLength(2);
  });

  it('throws a non-retryable ModelRequestError for a 400, without retrying', async () => {
    // Prepare
    server = await startScriptedModelServer({ script: [reply.invalidRequest('tool_choice forced is not supported')] });

    // Act
    const failure = runModelTurn(clientFor(server), { params, toolSchemas });

    // Assess
    await expect(failure).rejects.toBeInstanceOf(ModelRequestError);
    await expect(failure).rejects.toMatchObject({ status: 400, errorType: 'invalid_request_error' });
    expect(server.messageRequests()).toHaveLength(1);
  });

  it('recovers from a 429 within one turn because the SDK honours retry-after', async () => {
    // Prepare
    server = await startScriptedModelServer({ script: [reply.rateLimited(1), reply.text('done')] });

    // Act
    const turn = await runModelTurn(clientFor(server), { params, toolSchemas });

    // Assess
    expect(turn.text).toBe('done');
    expect(turn.usage.modelCalls).toBe(1);
  });
});
