import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { azureMonitorSettings, createAzureMonitorAdapter, type SourceAdapter } from '../../../../shared/sources';
import { jose } from '../../../../shared/sources/azureMonitor/loadJose';
import { isRetryable } from '../../../../shared/errors';

const TENANT = 'c3d7e9f1-2a4b-4c6d-8e0f-1a3b5c7d9e2f';
const AUDIENCE = 'api://incident-responder';
const AZNS_APP = '461e8683-5575-4561-ac7f-899cc907d62a';
const NOW = Date.UTC(2026, 2, 4, 9, 30, 0);

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwks = JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' }] });

function sign(claims: Record<string, unknown>, options: { key?: KeyObject; kid?: string; alg?: string } = {}): string {
  const header = Buffer.from(JSON.stringify({ alg: options.alg ?? 'RS256', kid: options.kid ?? 'test-key', typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(options.key ?? privateKey).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

function goodClaims(): Record<string, unknown> {
  const now = Math.floor(NOW / 1000);
  return { iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, aud: AUDIENCE, tid: TENANT, azp: AZNS_APP, roles: ['ActionGroupsSecureWebhook'], nbf: now - 60, exp: now + 3600 };
}

function adapterWith(env: Record<string, string>): SourceAdapter {
  return createAzureMonitorAdapter(
    azureMonitorSettings.load({ AZURE_MONITOR_AUTH: 'entra', AZURE_MONITOR_ENTRA_TENANT_ID: TENANT, AZURE_MONITOR_ENTRA_AUDIENCES: AUDIENCE, ...env }),
    { now: () => NOW },
  );
}

async function statusOf(adapter: SourceAdapter, authorization: string | undefined): Promise<number | 'accepted'> {
  try {
    await adapter.authenticate({ url: 'u', headers: authorization === undefined ? {} : { Authorization: authorization }, rawBody: '{}' });
    return 'accepted';
  } catch (error) {
    return (error as { status: number }).status;
  }
}

describe('Azure Monitor Secure Webhook tokens', () => {
  const inline = adapterWith({ AZURE_MONITOR_ENTRA_JWKS: jwks });

  it('accepts a v2 token from the Azure Monitor app with the role, signed by a configured key', async () => {
    expect(await statusOf(inline, `Bearer ${sign(goodClaims())}`)).toBe('accepted');
  });

  it('accepts a v1 token (sts.windows.net issuer, appid claim)', async () => {
    const { azp: _azp, ...rest } = goodClaims();
    const claims = { ...rest, iss: `https://sts.windows.net/${TENANT}/`, appid: AZNS_APP };
    expect(await statusOf(inline, `Bearer ${sign(claims)}`)).toBe('accepted');
  });

  it.each([
    ['audience', { aud: 'api://someone-else' }],
    ['tenant', { tid: '00000000-0000-0000-0000-000000000000' }],
    ['issuer', { iss: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0' }],
    ['role', { roles: ['Reader'] }],
    ['app id', { azp: '11111111-1111-1111-1111-111111111111' }],
    ['expiry', { exp: Math.floor(NOW / 1000) - 600 }],
  ])('rejects a token with the wrong %s with 403', async (_what, override) => {
    expect(await statusOf(inline, `Bearer ${sign({ ...goodClaims(), ...override })}`)).toBe(403);
  });

  it('rejects a token signed by another key, with an unknown kid, or with a non-RS256 algorithm', async () => {
    expect(await statusOf(inline, `Bearer ${sign(goodClaims(), { key: other.privateKey })}`)).toBe(403);
    expect(await statusOf(inline, `Bearer ${sign(goodClaims(), { kid: 'unknown' })}`)).toBe(403);
    expect(await statusOf(inline, `Bearer ${sign(goodClaims(), { alg: 'none' })}`)).toBe(403);
  });

  it('answers 401 when the token is missing or unreadable', async () => {
    expect(await statusOf(inline, undefined)).toBe(401);
    expect(await statusOf(inline, 'Bearer not-a-jwt')).toBe(401);
  });

  it('fetches signing keys from a JWKS URL once and reuses them', async () => {
    // Prepare
    let requests = 0;
    const server: Server = createServer((_req, res) => {
      requests += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const remote = adapterWith({ AZURE_MONITOR_ENTRA_JWKS_URL: `http://127.0.0.1:${port}/discovery/v2.0/keys` });
      // Act
      const first = await statusOf(remote, `Bearer ${sign(goodClaims())}`);
      const second = await statusOf(remote, `Bearer ${sign(goodClaims())}`);
      // Assess
      expect([first, second]).toEqual(['accepted', 'accepted']);
      expect(requests).toBe(1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('verifies a token signed by jose against a real JWKS served over HTTP, refusing another key under the same kid and a foreign audience', async () => {
    // Prepare: Entra's key endpoint as a local server holding the current key; another key that is not served
    const { SignJWT, exportJWK, generateKeyPair } = jose();
    const current = await generateKeyPair('RS256', { extractable: true });
    const notServed = await generateKeyPair('RS256', { extractable: true });
    const served: Array<Record<string, unknown>> = [{ ...(await exportJWK(current.publicKey)), kid: 'current', use: 'sig', alg: 'RS256' }];
    let requests = 0;
    const server: Server = createServer((_req, res) => {
      requests += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: served }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const signWith = (key: Parameters<InstanceType<typeof SignJWT>['sign']>[0], kid: string, claims: Record<string, unknown>): Promise<string> =>
      new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(key);
    try {
      const remote = createAzureMonitorAdapter(
        azureMonitorSettings.load({ AZURE_MONITOR_AUTH: 'entra', AZURE_MONITOR_ENTRA_TENANT_ID: TENANT, AZURE_MONITOR_ENTRA_AUDIENCES: AUDIENCE, AZURE_MONITOR_ENTRA_JWKS_URL: `http://127.0.0.1:${port}/${TENANT}/discovery/v2.0/keys` }),
        { now: () => NOW },
      );

      // Act
      const accepted = await statusOf(remote, `Bearer ${await signWith(current.privateKey, 'current', goodClaims())}`);
      const forged = await statusOf(remote, `Bearer ${await signWith(notServed.privateKey, 'current', goodClaims())}`);
      const wrongAudience = await statusOf(remote, `Bearer ${await signWith(current.privateKey, 'current', { ...goodClaims(), aud: 'api://other' })}`);

      // Assess
      expect([accepted, forged, wrongAudience]).toEqual(['accepted', 403, 403]);
      expect(requests).toBe(1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('fails retryably (the route answers 503) when the key set cannot be fetched, not with 401 or 403', async () => {
    const unreachable = adapterWith({ AZURE_MONITOR_ENTRA_JWKS_URL: 'http://127.0.0.1:9/keys' });
    let error: unknown;
    try {
      await unreachable.authenticate({ url: 'u', headers: { Authorization: `Bearer ${sign(goodClaims())}` }, rawBody: '{}' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ name: 'TransientError' });
    expect(isRetryable(error)).toBe(true);
  });

  it('fails at construction when entra auth lacks a tenant or audience', () => {
    expect(() => createAzureMonitorAdapter(azureMonitorSettings.load({ AZURE_MONITOR_AUTH: 'entra' }))).toThrow(/AZURE_MONITOR_ENTRA_TENANT_ID/);
  });
});
