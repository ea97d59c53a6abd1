/**
 * Loads bundled (or team-provided) incident scenarios from `scenarios/<NN_slug>/` into memory,
 * with every timestamp moved so that the incident happened just now.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';

import { kqlSchemaFromTables, type KqlSchema } from '../../../shared/kql';
import type { KqlTable } from '../kql';
import { reanchorJson, resolveInstant, type TimeAnchor } from './relativeTime';
import { readTableFile } from './readTableFile';
import { SYSTEM_CLOCK, timeAnchorFor, type EmulatorClock } from './emulatorClock';
import {
  AnswerKeySchema,
  MetricSeriesSchema,
  ResourcesFileSchema,
  ScenarioManifestSchema,
  type AnswerKey,
  type AppInsightsManifest,
  type MetricSeries,
  type ScenarioManifest,
  type ResourceRecord,
} from './scenarioFormat';
import { TelemetryDataError } from './telemetryDataError';

/** A workspace with its tables, ready for queries. */
interface LoadedWorkspace {
  name: string;
  workspaceId: string;
  resourceId: string;
  tables: Map<string, KqlTable>;
  /** Tables and typed columns, for validation and the metadata API. */
  schema: KqlSchema;
}

/** A metric series whose start is resolved to an instant. */
interface LoadedMetricSeries extends Omit<MetricSeries, 'start'> {
  start: Date;
  grainMs: number;
}

/** One alert of a scenario, re-anchored, with when the evaluation sends it after the first. */
interface LoadedAlert {
  file: string;
  afterSeconds: number;
  payload: Record<string, unknown>;
}

/** Everything a scenario holds, re-anchored to the load time. */
interface LoadedScenario {
  id: string;
  title: string;
  summary: string;
  /** The instant relative timestamps were resolved against (the load time, or the pinned clock). */
  anchor: Date;
  /** The Azure Monitor common-alert-schema payload that starts the incident (the first of `alerts`). */
  alert: Record<string, unknown>;
  /** Every alert the scenario fires, in sending order (one for most scenarios). */
  alerts: LoadedAlert[];
  workspaces: LoadedWorkspace[];
  appInsights: AppInsightsManifest[];
  metrics: LoadedMetricSeries[];
  resources: ResourceRecord[];
  answer: AnswerKey;
}

/** A scenario as listed (without loading its data). */
interface ScenarioSummary {
  id: string;
  title: string;
  summary: string;
  dir: string;
}

function readText(path: string, display: string): string {
  if (!existsSync(path)) throw new TelemetryDataError(display, undefined, 'is missing');
  return readFileSync(path, 'utf8');
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, display: string, line?: number): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new TelemetryDataError(display, line, `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

function parseJson(text: string, display: string, line?: number): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new TelemetryDataError(display, line, 'is not valid JSON', { cause });
  }
}

function parseYamlFile(path: string, display: string): unknown {
  try {
    return parseYaml(readText(path, display));
  } catch (cause) {
    if (cause instanceof TelemetryDataError) throw cause;
    const line = (cause as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line;
    throw new TelemetryDataError(display, line, `is not valid YAML: ${(cause as Error).message.split('\n')[0]}`, { cause });
  }
}

/** Lists scenario folders (those holding a `scenario.yaml`) under `dir`, sorted by id. */
function listScenarios(dir: string): ScenarioSummary[] {
  return readdirSync(dir)
    .filter((entry) => statSync(join(dir, entry)).isDirectory() && existsSync(join(dir, entry, 'scenario.yaml')))
    .sort()
    .map((entry) => {
      const display = relative(process.cwd(), join(dir, entry, 'scenario.yaml'));
      const manifest = parseWith(ScenarioManifestSchema, parseYamlFile(join(dir, entry, 'scenario.yaml'), display), display);
      return { id: manifest.id, title: manifest.title, summary: manifest.summary, dir: join(dir, entry) };
    });
}

function grainToMs(grain: string): number {
  const match = /^PT(\d+)([MH])$/.exec(grain)!;
  return Number(match[1]) * (match[2] === 'H' ? 3_600_000 : 60_000);
}

function loadMetrics(path: string, display: string, time: TimeAnchor): LoadedMetricSeries[] {
  if (!existsSync(path)) return [];
  const series: LoadedMetricSeries[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      if (text.trim() === '') return;
      const parsed = parseWith(MetricSeriesSchema, parseJson(text, display, index + 1), display, index + 1);
      const start = resolveInstant(parsed.start, time);
      if (start === undefined) throw new TelemetryDataError(display, index + 1, `start: expected @offset or an ISO instant`);
      series.push({ ...parsed, start: new Date(start), grainMs: grainToMs(parsed.grain) });
    });
  return series;
}

/** Reads a scenario's alert files (its `alerts`, or the one `alert`), re-anchored like its data. */
function readAlerts(scenarioDir: string, manifest: ScenarioManifest, time: TimeAnchor): LoadedAlert[] {
  const show = (file: string): string => relative(process.cwd(), join(scenarioDir, file)) || file;
  const alertFiles = manifest.alerts ?? [{ file: manifest.alert ?? 'alert.json', afterSeconds: 0 }];
  return alertFiles.map(({ file, afterSeconds }): LoadedAlert => {
    const display = show(file);
    const payload = parseJson(readText(join(scenarioDir, file), display), display);
    if (typeof payload !== 'object' || payload === null || (payload as { schemaId?: unknown }).schemaId !== 'azureMonitorCommonAlertSchema') {
      throw new TelemetryDataError(display, undefined, 'must be an Azure Monitor common alert schema payload (schemaId azureMonitorCommonAlertSchema)');
    }
    return { file, afterSeconds, payload: reanchorJson(payload as Record<string, unknown>, time) };
  });
}

/**
 * Loads only the alerts of one scenario folder, re-anchored to `now` as {@link loadScenarioFromDir}
 * does, without reading its tables (for what needs the alerts alone, such as plan coverage).
 */
function loadScenarioAlerts(scenarioDir: string, now: Date = new Date()): LoadedAlert[] {
  const display = relative(process.cwd(), join(scenarioDir, 'scenario.yaml')) || 'scenario.yaml';
  const manifest = parseWith(ScenarioManifestSchema, parseYamlFile(join(scenarioDir, 'scenario.yaml'), display), display);
  return readAlerts(scenarioDir, manifest, { anchor: now, shiftMs: now.getTime() - Date.parse(manifest.recordedAt) });
}

/**
 * Loads one scenario folder. With the system clock (default) `now` becomes the anchor: relative
 * times resolve against it and absolute ones shift by (now - recordedAt). A pinned clock keeps
 * absolute times as recorded (see emulatorClock.ts).
 *
 * @throws {TelemetryDataError} naming the file (and line) of the first problem.
 */
function loadScenarioFromDir(scenarioDir: string, now: Date, clock: EmulatorClock = SYSTEM_CLOCK): LoadedScenario {
  const show = (file: string): string => relative(process.cwd(), join(scenarioDir, file)) || file;
  const manifest = parseWith(ScenarioManifestSchema, parseYamlFile(join(scenarioDir, 'scenario.yaml'), show('scenario.yaml')), show('scenario.yaml'));
  const time: TimeAnchor = timeAnchorFor(clock, now, manifest.recordedAt);

  const workspaceNames = new Set(manifest.workspaces.map((w) => w.name));
  for (const app of manifest.appInsights) {
    if (!workspaceNames.has(app.workspace)) {
      throw new TelemetryDataError(show('scenario.yaml'), undefined, `appInsights ${app.name}: unknown workspace ${app.workspace}`);
    }
  }

  const workspaces = manifest.workspaces.map((workspace): LoadedWorkspace => {
    const dir = join(scenarioDir, workspace.tablesDir);
    const tables = new Map<string, KqlTable>();
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort() : [];
    for (const file of files) {
      const display = show(join(workspace.tablesDir, file));
      const table = readTableFile(join(dir, file), display, time, (name) => [
        { name: 'TenantId', type: 'string', value: workspace.workspaceId },
        { name: 'Type', type: 'string', value: name },
      ]);
      if (tables.has(table.name)) throw new TelemetryDataError(display, 1, `table ${table.name} is defined twice`);
      tables.set(table.name, table);
    }
    return { ...workspace, tables, schema: kqlSchemaFromTables(tables.values()) };
  });

  const resourcesDisplay = show(manifest.resources);
  const resourcesPath = join(scenarioDir, manifest.resources);
  const resources = existsSync(resourcesPath)
    ? reanchorJson(parseWith(ResourcesFileSchema, parseJson(readText(resourcesPath, resourcesDisplay), resourcesDisplay), resourcesDisplay), time)
    : [];

  const alerts = readAlerts(scenarioDir, manifest, time);

  const answerDisplay = show(manifest.answer);
  const answer = parseWith(AnswerKeySchema, parseYamlFile(join(scenarioDir, manifest.answer), answerDisplay), answerDisplay);

  return {
    id: manifest.id,
    title: manifest.title,
    summary: manifest.summary,
    anchor: time.anchor,
    alert: alerts[0]!.payload,
    alerts,
    workspaces,
    appInsights: manifest.appInsights,
    metrics: loadMetrics(join(scenarioDir, manifest.metrics), show(manifest.metrics), time),
    resources,
    answer,
  };
}

/** Loads the scenario `id` (e.g. `01_bad_deployment`) from the scenarios folder `dir`. */
function loadScenario(dir: string, id: string, now: Date = new Date(), clock: EmulatorClock = SYSTEM_CLOCK): LoadedScenario {
  const found = listScenarios(dir).find((scenario) => scenario.id === id);
  if (!found) throw new TelemetryDataError(relative(process.cwd(), dir) || dir, undefined, `has no scenario ${id}`);
  return loadScenarioFromDir(found.dir, now, clock);
}

export type { LoadedWorkspace, LoadedMetricSeries, LoadedAlert, LoadedScenario, ScenarioSummary };
export { listScenarios, loadScenario, loadScenarioFromDir, loadScenarioAlerts };
