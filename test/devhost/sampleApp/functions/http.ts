import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';

app.http('echo', {
  methods: ['GET', 'POST'],
  authLevel: 'anonymous',
  route: 'echo/{word}/{count:int?}',
  handler: async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => ({
    jsonBody: {
      word: request.params.word,
      count: request.params.count ?? null,
      method: request.method,
      query: request.query.get('q'),
      body: request.method === 'POST' ? await request.text() : null,
      functionName: context.functionName,
      invocationId: context.invocationId,
    },
    headers: { 'x-sample': 'yes' },
  }),
});

app.http('secured', {
  methods: ['GET'],
  authLevel: 'function',
  route: 'secured',
  handler: async (): Promise<HttpResponseInit> => ({ status: 200, body: 'ok' }),
});

app.http('boom', {
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: async (): Promise<HttpResponseInit> => {
    throw new Error('handler exploded');
  },
});

app.http('startOrchestration', {
  methods: ['POST'],
  authLevel: 'anonymous',
  route: 'orchestrators/{name}/{instanceId?}',
  extraInputs: [df.input.durableClient()],
  handler: async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const client = df.getClient(context);
    const text = await request.text();
    const instanceId = await client.startNew(request.params.name!, {
      instanceId: request.params.instanceId,
      input: text ? (JSON.parse(text) as unknown) : undefined,
    });
    return client.createCheckStatusResponse(request, instanceId);
  },
});

app.http('clientStatus', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'client/{instanceId}',
  extraInputs: [df.input.durableClient()],
  handler: async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const status = await df.getClient(context).getStatus(request.params.instanceId!);
    return { jsonBody: status };
  },
});
