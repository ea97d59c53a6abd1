import { createTelemetryCredential } from '../tools/telemetryCredential';
import { createTelemetryTools } from '../tools/createTelemetryTools';
import { telemetrySettings } from '../tools/telemetrySettings';
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
  }
  return cached;
}

export { getTools };
