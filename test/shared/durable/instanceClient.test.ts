import { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { durableClientInput } from '../../../devhost/durable/clientBinding';
import { instanceClient } from '../../../shared/durable';
import { ValidationError } from '../../../shared/errors';
import { startFakeHttpServer, type FakeHttpServer } from '../../helpers/fakes/fakeHttpServer';

describe('instanceClient puts only checked, encoded ids into Durable URLs', () => {
  let server: FakeHttpServer;

  beforeAll(async () => {
    // A stand-in for the Durable HTTP API that records each request and knows no instance.
    server = await startFakeHttpServer(() => ({ status: 404, body: { message: 'no such instance' } }));
  });

  afterAll(async () => {
    await server.close();
  });

  function client(): ReturnType<typeof instanceClient> {
    const input = df.input.durableClient();
    const context = new InvocationContext({ options: { extraInputs: [input] } });
    context.extraInputs.set(input, durableClientInput(server.url, 'hub', 'system-key'));
    return instanceClient(df.getClient(context));
  }

  it('refuses ids that would change the URL before any request', async () => {
    // Act
    const attempts = ['%', 'a/b', 'inv%2Fx%2F..', '..', 'x?y'].map((id) =>
      client()
        .getStatus(id)
        .then(() => 'sent', (error: unknown) => error),
    );

    // Assess
    for (const outcome of await Promise.all(attempts)) expect(outcome).toBeInstanceOf(ValidationError);
    expect(server.requests).toHaveLength(0);
  });

  it('encodes ids, event names and reasons as single path segments and query values', async () => {
    // Act
    await client().getStatus('inv-1:alpha').catch(() => undefined);
    await client().raiseEvent('inv-1:alpha', 'approval:apr-0123', { ok: true }).catch(() => undefined);
    await client().terminate('inv-1', 'stop & go #1').catch(() => undefined);

    // Assess
    expect(server.requests.map((r) => r.url.split('?')[0])).toEqual(['/durabletask/instances/inv-1%3Aalpha', '/durabletask/instances/inv-1%3Aalpha/raiseEvent/approval%3Aapr-0123', '/durabletask/instances/inv-1/terminate']);
    expect(server.requests[2]!.query.get('reason')).toBe('stop & go #1');
  });
});
