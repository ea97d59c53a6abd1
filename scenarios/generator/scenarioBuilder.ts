/**
 * Collects one scenario's rows, metric series and resources and writes them in the emulator's
 * data format (docs/telemetry-emulator.md). Times are seconds relative to the load anchor.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { stringify } from 'yaml';

import type { KustoScalarType } from '../../shared/kql';
import { SeededRandom } from './random';
import { AZURE_DIAGNOSTICS_BASE, TABLE_COLUMNS, type Columns, type TableName } from './tables';

/** Every bundled scenario was "recorded" at this instant; absolute times in alerts derive from it. */
const RECORDED_AT = Date.parse('2026-03-04T12:00:00Z');
const SUBSCRIPTION = '5f1c9a3e-7b2d-4e8a-9c61-0d4f2b7a8e13';

/** `@-905.25`: the compact relative form of an offset in seconds. */
function rel(seconds: number): string {
  const rounded = Math.round(seconds * 1000) / 1000;
  return `@${rounded}`;
}

/** Absolute instant at `seconds` from the recording time (for alert payloads, which stay valid as committed). */
function iso(seconds: number, digits = 3): string {
  const text = new Date(RECORDED_AT + Math.round(seconds * 1000)).toISOString();
  return digits === 7 ? text.replace(/\.(\d{3})Z$/, '.$10000Z') : text;
}

interface MetricInput {
  resourceId: string;
  namespace: string;
  name: string;
  unit: string;
  primaryAggregation: 'Average' | 'Minimum' | 'Maximum' | 'Total' | 'Count';
  description?: string;
  dimensions?: Record<string, string>;
  /** Minutes of history ending now, one sample per minute. */
  minutes: number;
  /** Value at `minutesAgo` (a number, or null for no data). */
  value: (minutesAgo: number) => number | null;
}

/** An alert of a scenario that fires several, and how long after the first the evaluation sends it. */
interface TimedAlert {
  payload: unknown;
  afterSeconds: number;
}

/** What a generator builds: the manifest, its one alert (`alert.json`) or several (`alerts/NN.json`), and the answer key. */
type GeneratedScenario = { manifest: Record<string, unknown>; answer: Record<string, unknown> } & ({ alert: unknown } | { alerts: TimedAlert[] });

/** Builder for one scenario folder. */
class ScenarioBuilder {
  public readonly rng: SeededRandom;
  public readonly subscriptionId = SUBSCRIPTION;
  private readonly tables = new Map<string, { columns: Columns; rows: Array<{ t: number; row: unknown[] }> }>();
  private readonly metrics: string[] = [];
  private readonly resources: unknown[] = [];

  public constructor(public readonly id: string) {
    this.rng = new SeededRandom(id);
  }

  /** Resource id under the scenario's subscription. */
  public rid(resourceGroup: string, provider: string, ...path: string[]): string {
    return `/subscriptions/${SUBSCRIPTION}/resourceGroups/${resourceGroup}/providers/${provider}/${path.join('/')}`;
  }

  /** Declares AzureDiagnostics with this scenario's resource-specific columns. */
  public defineAzureDiagnostics(extra: ReadonlyArray<readonly [string, KustoScalarType]>): void {
    this.tables.set('AzureDiagnostics', { columns: [...AZURE_DIAGNOSTICS_BASE, ...extra], rows: [] });
  }

  /** Adds a row; `t` is seconds relative to now (negative = past). Unknown fields are an error. */
  public add(table: TableName | 'AzureDiagnostics', t: number, record: Record<string, unknown>): void {
    let entry = this.tables.get(table);
    if (!entry) {
      if (table === 'AzureDiagnostics') throw new Error('call defineAzureDiagnostics first');
      entry = { columns: TABLE_COLUMNS[table], rows: [] };
      this.tables.set(table, entry);
    }
    const names = new Set(entry.columns.map(([name]) => name));
    for (const key of Object.keys(record)) if (!names.has(key)) throw new Error(`${table} has no column ${key}`);
    const row = entry.columns.map(([name, type]) => {
      if (name === 'TimeGenerated') return rel(t);
      const value = record[name];
      if (value === undefined) return type === 'string' ? '' : null;
      return value;
    });
    entry.rows.push({ t, row });
  }

  public metric(input: MetricInput): void {
    const values: Array<number | null> = [];
    for (let ago = input.minutes; ago >= 1; ago--) {
      const v = input.value(ago);
      values.push(v === null ? null : Math.round(v * 1000) / 1000);
    }
    this.metrics.push(
      JSON.stringify({
        resourceId: input.resourceId,
        namespace: input.namespace,
        name: input.name,
        unit: input.unit,
        primaryAggregation: input.primaryAggregation,
        description: input.description ?? '',
        dimensions: input.dimensions ?? {},
        start: `@-${input.minutes}m`,
        grain: 'PT1M',
        values,
      }),
    );
  }

  public resource(record: Record<string, unknown>): void {
    this.resources.push(record);
  }

  /** Writes the scenario folder (replacing generated files, keeping nothing stale). */
  public write(root: string, scenario: GeneratedScenario): { rows: number } {
    const { answer } = scenario;
    let { manifest } = scenario;
    const dir = join(root, this.id);
    rmSync(join(dir, 'tables'), { recursive: true, force: true });
    rmSync(join(dir, 'alerts'), { recursive: true, force: true });
    rmSync(join(dir, 'alert.json'), { force: true });
    mkdirSync(join(dir, 'tables'), { recursive: true });
    let total = 0;
    for (const [name, { columns, rows }] of [...this.tables].sort(([a], [b]) => a.localeCompare(b))) {
      rows.sort((a, b) => a.t - b.t);
      total += rows.length;
      const header = JSON.stringify({ table: name, columns: columns.map(([n, type]) => ({ name: n, type })) });
      writeFileSync(join(dir, 'tables', `${name}.jsonl`), `${header}\n${rows.map((r) => JSON.stringify(r.row)).join('\n')}\n`);
    }
    writeFileSync(join(dir, 'metrics.jsonl'), `${this.metrics.join('\n')}\n`);
    writeFileSync(join(dir, 'resources.json'), `${JSON.stringify(this.resources, null, 1)}\n`);
    if ('alert' in scenario) {
      writeFileSync(join(dir, 'alert.json'), `${JSON.stringify(scenario.alert, null, 2)}\n`);
    } else {
      mkdirSync(join(dir, 'alerts'), { recursive: true });
      const files = scenario.alerts.map(({ payload, afterSeconds }, i) => {
        const file = `alerts/${String(i + 1).padStart(2, '0')}.json`;
        writeFileSync(join(dir, file), `${JSON.stringify(payload, null, 2)}\n`);
        return { file, afterSeconds };
      });
      manifest = { ...manifest, alerts: files };
    }
    const header = '# Generated by scenarios/generate.ts (npm run build, then node dist/scenarios/generate.js). Edit the generator, not this file.\n';
    writeFileSync(join(dir, 'scenario.yaml'), header + stringify({ ...manifest, id: this.id, recordedAt: new Date(RECORDED_AT).toISOString() }, { lineWidth: 0 }));
    writeFileSync(join(dir, 'answer.yaml'), header + stringify(answer, { lineWidth: 0 }));
    return { rows: total };
  }
}

export type { MetricInput, TimedAlert, GeneratedScenario };
export { ScenarioBuilder, rel, iso, RECORDED_AT, SUBSCRIPTION };
