/**
 * Test helpers: the real Azure SDK clients pointed at a running telemetry emulator, with a local
 * TokenCredential (the emulator accepts any bearer token) and the emulator's CA trusted.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent, request } from 'node:https';
import { join } from 'node:path';

import type { TokenCredential } from '@azure/core-auth';
import { LogsQueryClient } from '@azure/monitor-query-logs';
import { MetricsClient } from '@azure/monitor-query-metrics';
import { ResourceGraphClient } from '@azure/arm-resourcegraph';

import type { TelemetryEmulator } from '../../../devhost/logAnalytics/server';

/** The repository's `scenarios/` folder (tests run from dist/test/devhost/logAnalytics). */
const SCENARIOS_DIR = join(__dirname, '..', '..', '..', '..', 'scenarios');

/** A credential that hands out a fixed token, as a test double for DefaultAzureCredential. */
const localCredential: TokenCredential = {
  getToken: async () => ({ token: 'emulator-test-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

function clientsFor(emulator: TelemetryEmulator) {
  const ca = emulator.ca!;
  return {
    logs: new LogsQueryClient(localCredential, { endpoint: emulator.logsEndpoint, tlsOptions: { ca } }),
    metrics: new MetricsClient(emulator.url, localCredential, { tlsOptions: { ca } }),
    resourceGraph: new ResourceGraphClient(localCredential, {
      baseUri: emulator.url,
      agentSettings: { http: new HttpAgent(), https: new HttpsAgent({ ca }) },
    }),
  };
}

/** A raw HTTPS call (for routes and headers the SDKs do not expose). */
function rawRequest(emulator: TelemetryEmulator, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = request(`${emulator.url}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, ca: emulator.ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export { SCENARIOS_DIR, localCredential, clientsFor, rawRequest };
