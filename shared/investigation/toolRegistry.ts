import { createTelemetryCredential } from '../tools/telemetryCredential';
import { createTelemetryTools } from '../tools/createTelemetryTools';
import { telemetrySettings } from '../tools/telemetrySettings';
import { readResultToolFromEnv } from '../tools/results/resultStoreFromEnv';
import type { ToolDefinition } from '../tools/tool';

let cached: Map<string, ToolDefinition> | undefined;

/**
 * The tools this deployment can run, built once per process from the telemetry settings (a
 * tool whose settings are missing is simply not offered: the investigation reports it as a gap).
 */
function getTools(env: NodeJS.ProcessEnv = process.env): Map<string, ToolDefinition> {
  if (!cached) {
    const settings = telemetrySettings.load(env);
    const tools = createTelemetryTools(settings, createTelemetryCredential(settings));
    cached = new Map(tools.map((tool) => [tool.name, tool]));
    // read_result pages through stored large results (only with a result store configured).
    const readResult = readResultToolFromEnv(env);
    if (readResult) cached.set(readResult.name, readResult);
  }
  return cached;
}

export { getTools };
