import Anthropic from '@anthropic-ai/sdk';
import { hypothesisKeyOf, reply, startScriptedModelServer, type ScriptedModelServer } from './scriptedModelServer';

const request = { model: 'claude-sonnet-5-5', max_tokens: 256, messages: [{ role: 'user' as const, content: 'hello' }] };

function client(server: ScriptedModelServer, maxRetries = 2): Anthropic {
  return new Anthropic({ apiKey: 'test-key', baseURL: server.baseURL, maxRetries, timeout: 10_000 });
}

describe('scriptedModelServer', () => {
  let server: ScriptedModelServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('answers the real SDK with a message of the documented shape and records the request', async () => {
    // Prepare
    server = await startScriptedModelServer({ script: [reply.toolUse([{ name: 'lookup', input: { q: 'x' }, id: 'toolu_1' }], { text: 'checking' })] });

    // Act
    const message = await client(server).messages.create(request);

    // Assess
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-5-5',
      stop_reason: 'tool_use',
      content: [
        { type: 'text', text: 'checking' },
        { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'x' } },
      ],
      usage: { input_tokens: 50, output_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
    expect(server.messageRequests()).toHaveLength(1);
    // SDK 1.x sends the key as a bearer token; older versions used x-api-key.
    const headers = server.requests[0]?.headers ?? {};
    expect(String(headers['x-api-key'] ?? headers.authorization)).toMatch(/test-key$/);
    expect(server.requests[0]?.body?.messages).toEqual(request.messages);
  });

  it('makes the SDK wait for retry-after on a 429 and then succeed', async () => {
    // Prepare
    server = await startScriptedModelServer({ script: [reply.rateLimited(1), reply.text('after the wait')] });

    // Act
    const message = await client(server).messages.create(request);

    // Assess
    const [first, second] = server.messageRequests();
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'after the wait' });
    expect(second!.receivedAt - first!.answeredAt!).toBeGreaterThanOrEqual(950);
  });

  it('makes the SDK retry a 529 overloaded error', async () => {
    // Prepare
    server = await startScriptedModelServer({ script: [reply.overloaded(), reply.overloaded(), reply.text('finally')] });

    // Act
    const message = await client(server, 2).messages.create(request);

    // Assess
    expect(message.content[0]).toMatchObject({ text: 'finally' });
    expect(server.messageRequests()).toHaveLength(3);
  });

  it('surfaces the 529 once the SDK has no retries left', async () => {
    // Prepare
    server = await startScriptedModelServer({ script: [reply.overloaded(), reply.overloaded()] });

    // Act
    const failure = client(server, 1).messages.create(request);

    // Assess
    await expect(failure).rejects.toMatchObject({ status: 529 });
    expect(server.messageRequests()).toHaveLength(2);
  });

  it('serves a malformed body that the SDK cannot parse', async () => {
    // Prepare
    server = await startScriptedModelServer({ script: [reply.malformed()] });

    // Act and Assess
    await expect(client(server, 0).messages.create(request)).rejects.toThrow();
  });

  it('fails fast with a 400 when the script is exhausted', async () => {
    // Prepare
    server = await startScriptedModelServer();

    // Act and Assess
    await expect(client(server).messages.create(request)).rejects.toMatchObject({ status: 400 });
    expect(server.messageRequests()).toHaveLength(1);
  });

  it('gives each hypothesis its own script and answers them in parallel', async () => {
    // Prepare
    server = await startScriptedModelServer({
      keyOf: hypothesisKeyOf,
      keyedScripts: {
        alpha: [reply.delayed(300, reply.text('alpha verdict'))],
        beta: [reply.delayed(300, reply.text('beta verdict'))],
      },
    });
    const ask = (id: string) =>
      client(server!).messages.create({ ...request, messages: [{ role: 'user', content: `Test this hypothesis: ${id}: something` }] });

    // Act
    const [alpha, beta] = await Promise.all([ask('alpha'), ask('beta')]);

    // Assess
    expect(alpha.content[0]).toMatchObject({ text: 'alpha verdict' });
    expect(beta.content[0]).toMatchObject({ text: 'beta verdict' });
    const [a, b] = server.messageRequests();
    expect(Math.max(a!.receivedAt, b!.receivedAt)).toBeLessThan(Math.min(a!.answeredAt!, b!.answeredAt!));
  });

  it('uses a responder when the script is empty', async () => {
    // Prepare
    server = await startScriptedModelServer({ responder: (recorded) => reply.text(`request ${recorded.index}`) });

    // Act
    const message = await client(server).messages.create(request);

    // Assess
    expect(message.content[0]).toMatchObject({ text: 'request 0' });
  });
});
