import { startDevhostProcess, type DevhostProcess } from '../helpers/devhostProcess';

describe('devhost: HTTP triggers', () => {
  let host: DevhostProcess;

  beforeAll(async () => {
    host = await startDevhostProcess({ env: { DEVHOST_MAX_BODY_BYTES: '1024' } });
  });

  afterAll(async () => {
    await host.stop();
  });

  it('passes route parameters, query and body through the library request', async () => {
    // Act
    const response = await fetch(`${host.url}/api/echo/hello/42?q=find`, { method: 'POST', body: 'payload' });

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('x-sample')).toBe('yes');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ word: 'hello', count: '42', method: 'POST', query: 'find', body: 'payload', functionName: 'echo' });
    expect(body.invocationId).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
  });

  it('treats an optional route parameter as absent and enforces its int constraint', async () => {
    const withoutCount = (await (await fetch(`${host.url}/api/echo/solo`)).json()) as Record<string, unknown>;
    expect(withoutCount.count).toBeNull();
    expect((await fetch(`${host.url}/api/echo/solo/notanumber`)).status).toBe(404);
  });

  it('answers 405 for a method the function does not accept and 404 for unknown routes', async () => {
    expect((await fetch(`${host.url}/api/echo/x`, { method: 'DELETE' })).status).toBe(405);
    expect((await fetch(`${host.url}/api/nothing-here`)).status).toBe(404);
  });

  it('requires a function key for authLevel function, from the query or the header', async () => {
    expect((await fetch(`${host.url}/api/secured`)).status).toBe(401);
    expect((await fetch(`${host.url}/api/secured?code=wrong`)).status).toBe(401);
    expect((await fetch(`${host.url}/api/secured?code=${host.functionKey}`)).status).toBe(200);
    expect((await fetch(`${host.url}/api/secured`, { headers: { 'x-functions-key': host.masterKey } })).status).toBe(200);
  });

  it('rejects a body over the configured limit with 413', async () => {
    const response = await fetch(`${host.url}/api/echo/big`, { method: 'POST', body: 'x'.repeat(2048) });
    expect(response.status).toBe(413);
  });

  it('answers 500 with an empty body when the handler throws, and logs the error with the invocation id', async () => {
    const response = await fetch(`${host.url}/api/boom`);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('');
    const failure = host.logs.find((line) => line.function === 'boom' && line.level === 'error');
    expect(failure).toMatchObject({ error: 'handler exploded', invocationId: expect.any(String) });
  });

  it('lists every registered function on the admin route with the master key only', async () => {
    expect((await fetch(`${host.url}/admin/functions?code=${host.functionKey}`)).status).toBe(401);
    const functions = (await (await fetch(`${host.url}/admin/functions?code=${host.masterKey}`)).json()) as Array<{ name: string }>;
    expect(functions.map((f) => f.name)).toEqual(
      expect.arrayContaining(['echo', 'secured', 'boom', 'startOrchestration', 'everything', 'child', 'work', 'flaky', 'everySecond', 'gridEvents']),
    );
  });
});
