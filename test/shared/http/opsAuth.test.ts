import { HttpRequest, InvocationContext, type HttpResponseInit } from '@azure/functions';
import { opsAuthLevel, withOpsAuth } from '../../../shared/http/opsAuth';

const principal = Buffer.from(JSON.stringify({ auth_typ: 'aad', claims: [{ typ: 'name', val: 'Alice' }] })).toString('base64');

function request(url: string, init: { method?: string; headers?: Record<string, string> } = {}): HttpRequest {
  return new HttpRequest({ url, method: init.method ?? 'GET', headers: init.headers ?? {} });
}

async function call(kind: 'page' | 'api', req: HttpRequest): Promise<HttpResponseInit> {
  const handler = withOpsAuth(async () => ({ status: 200, body: 'the handler ran' }), kind);
  return handler(req, new InvocationContext()) as Promise<HttpResponseInit>;
}

describe('ops routes behind App Service Authentication (OPS_AUTH)', () => {
  const saved = process.env.OPS_AUTH;
  afterEach(() => {
    if (saved === undefined) delete process.env.OPS_AUTH;
    else process.env.OPS_AUTH = saved;
  });

  it('needs a function key by default, and nothing more from the handler', async () => {
    delete process.env.OPS_AUTH;
    expect(opsAuthLevel()).toBe('function');
    expect(await call('api', request('https://app.example/api/investigations'))).toMatchObject({ status: 200 });
  });

  it('under entra opens the route to the platform, sends a page without a principal to the Entra sign-in and back', async () => {
    process.env.OPS_AUTH = 'entra';
    expect(opsAuthLevel()).toBe('anonymous');
    const answer = await call('page', request('https://app.example/api/dashboard/investigations/abc?x=1'));
    expect(answer.status).toBe(302);
    expect((answer.headers as Record<string, string>).location).toBe(`/.auth/login/aad?post_login_redirect_uri=${encodeURIComponent('/api/dashboard/investigations/abc?x=1')}`);
  });

  it('under entra answers a JSON route without a principal with 401 problem+json, and runs it with one', async () => {
    process.env.OPS_AUTH = 'entra';
    const refused = await call('api', request('https://app.example/api/investigations'));
    expect(refused.status).toBe(401);
    expect((refused.headers as Record<string, string>)['content-type']).toBe('application/problem+json');
    expect(await call('api', request('https://app.example/api/investigations', { headers: { 'x-ms-client-principal': principal } }))).toMatchObject({ status: 200 });
  });

  it('under entra refuses a change posted from another site with the signed-in cookie, and accepts one from the dashboard', async () => {
    process.env.OPS_AUTH = 'entra';
    const headers = { 'x-ms-client-principal': principal };
    const crossSite = await call('api', request('https://app.example/api/approvals/apr-1', { method: 'POST', headers: { ...headers, origin: 'https://evil.example' } }));
    const fetchMeta = await call('api', request('https://app.example/api/approvals/apr-1', { method: 'POST', headers: { ...headers, 'sec-fetch-site': 'cross-site' } }));
    const sameOrigin = await call('api', request('https://app.example/api/approvals/apr-1', { method: 'POST', headers: { ...headers, origin: 'https://app.example', 'sec-fetch-site': 'same-origin' } }));
    expect([crossSite.status, fetchMeta.status, sameOrigin.status]).toEqual([403, 403, 200]);
  });

  it('refuses an unknown OPS_AUTH value naming the setting', () => {
    process.env.OPS_AUTH = 'none';
    expect(() => opsAuthLevel()).toThrow(/OPS_AUTH/);
  });
});
