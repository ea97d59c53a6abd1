import { readFileSync } from 'node:fs';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { TokenCredential } from '@azure/identity';
import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { LogsQueryClient } from '@azure/monitor-query-logs';
import { MetricsClient } from '@azure/monitor-query-metrics';
import { ConfigError } from '../errors';
import type { TelemetrySettings } from './telemetrySettings';

/** The SDK clients behind the telemetry tools, built once per app from settings. */
interface TelemetryClients {
  logs: LogsQueryClient;
  /** Log Analytics origin (no `/v1`), for the metadata route the SDK does not expose. */
  logsOrigin: string;
  /** A metrics client for a region (or the configured endpoint); cached per endpoint. */
  metricsFor(region: string | undefined): MetricsClient | { error: string };
  resourceGraph: ResourceGraphClient;
  /** Extra trusted CA certificates (PEM) from TELEMETRY_EXTRA_CA_FILE, also used by the probes. */
  extraCa: string[];
}

/** Reads TELEMETRY_EXTRA_CA_FILE; a bad path is a configuration error at startup, not a tool error. */
function readExtraCa(path: string | undefined): string[] {
  if (!path) return [];
  try {
    const pem = readFileSync(path, 'utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM certificate in the file');
    return [pem];
  } catch (cause) {
    throw new ConfigError('TELEMETRY_EXTRA_CA_FILE', `cannot read a PEM certificate from ${path}: ${(cause as Error).message}`, { cause });
  }
}

/**
 * Creates the Log Analytics, metrics and Resource Graph clients with the configured endpoints.
 * With an extra CA (the local emulator's self-signed certificate) the core-rest-pipeline clients get
 * `tlsOptions.ca` and the ms-rest-js based Resource Graph client an https agent; the public roots
 * stay trusted because Node replaces, not extends, the CA list when `ca` is given.
 */
function createTelemetryClients(settings: TelemetrySettings, credential: TokenCredential): TelemetryClients {
  const extraCa = readExtraCa(settings.TELEMETRY_EXTRA_CA_FILE);
  const ca = extraCa.length > 0 ? [...rootCertificates, ...extraCa] : undefined;
  const tlsOptions = ca ? { tlsOptions: { ca } } : {};
  const logsOrigin = settings.TELEMETRY_LOG_ANALYTICS_ENDPOINT;
  // The SDK uses `endpoint` verbatim (it appends /v1 only to its default) and asks for a token for
  // api.loganalytics.io whatever the endpoint; sovereign clouds need their own audience.
  const logs = new LogsQueryClient(credential, {
    endpoint: `${logsOrigin}/v1`,
    credentials: { scopes: [`${new URL(logsOrigin).origin}/.default`] },
    ...tlsOptions,
  });
  const metricsClients = new Map<string, MetricsClient>();
  const metricsFor = (region: string | undefined): MetricsClient | { error: string } => {
    const chosen = region ?? settings.TELEMETRY_METRICS_REGION;
    const endpoint = settings.TELEMETRY_METRICS_ENDPOINT ?? (chosen ? `https://${chosen}.metrics.monitor.azure.com` : undefined);
    if (!endpoint) {
      return { error: 'no metrics endpoint: pass the region of the resource (e.g. "eastus") or set TELEMETRY_METRICS_REGION' };
    }
    let client = metricsClients.get(endpoint);
    if (!client) {
      client = new MetricsClient(endpoint, credential, tlsOptions);
      metricsClients.set(endpoint, client);
    }
    return client;
  };
  const resourceGraph = new ResourceGraphClient(credential, {
    baseUri: settings.TELEMETRY_ARM_ENDPOINT,
    ...(ca ? { agentSettings: { http: new HttpAgent(), https: new HttpsAgent({ ca }) } } : {}),
  });
  return { logs, logsOrigin, metricsFor, resourceGraph, extraCa };
}

export { createTelemetryClients, readExtraCa };
export type { TelemetryClients };
