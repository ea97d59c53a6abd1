import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createTelemetryEmulatorCli } from '../../../devhost/logAnalytics/cli';
import { parseEmulatorClock, requestClock } from '../../../devhost/logAnalytics/data/emulatorClock';
import { startTelemetryEmulator, type TelemetryEmulator } from '../../../devhost/logAnalytics/server';
import { SCENARIOS_DIR, rawRequest } from './emulatorClients';

// 07_cold_start_noise is recorded at 2026-03-04T12:00:00.000Z; the probe table adds rows at known
// absolute instants and one relative to the anchor.
const RECORDED_AT = '2026-03-04T12:00:00.000Z';
const PROBE = [
  JSON.stringify({ table: 'PinnedProbe', columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'Step', type: 'string' }] }),
  JSON.stringify(['2026-03-04T10:59:59Z', 'before']),
  JSON.stringify(['2026-03-04T11:00:00Z', 'at']),
  JSON.stringify(['2026-03-04T11:30:00Z', 'half']),
  JSON.stringify(['@-10m', 'relative']),
].join('\n');

const QUERY = [
  'PinnedProbe',
  '| where TimeGenerated >= datetime(2026-03-04T11:00:00Z)',
  '| summarize n = count(), steps = make_set(Step) by hour = bin(TimeGenerated, 1h)',
  '| extend now = now(), recent = toscalar(PinnedProbe | where TimeGenerated > ago(15m) | count)',
].join(' ');

async function query(emulator: TelemetryEmulator): Promise<unknown[][]> {
  const workspaceId = emulator.scenarios[0]!.workspaces[0]!.workspaceId;
  const response = await rawRequest(emulator, 'POST', `/v1/workspaces/${workspaceId}/query`, { authorization: 'Bearer test' }, JSON.stringify({ query: QUERY }));
  expect(response.status).toBe(200);
  return response.json.tables[0].rows as unknown[][];
}

describe('Telemetry emulator pinned clock', () => {
  let dataDir: string;
  let emulator: TelemetryEmulator | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pinned-clock-'));
    cpSync(join(SCENARIOS_DIR, '07_cold_start_noise'), dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'tables', 'PinnedProbe.jsonl'), `${PROBE}\n`);
  });

  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('with --clock recorded, now() is recordedAt and datetime literals and bin() agree with the data', async () => {
    // Prepare
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);

    // Act
    emulator = await createTelemetryEmulatorCli(['--port', '0', '--data', dataDir, '--clock', 'recorded'], {});
    const printed = JSON.parse(String(write.mock.calls[0]![0])) as { clock: string; now: string; scenarios: Array<{ id: string }> };
    write.mockRestore();
    const rows = await query(emulator);

    // Assess
    expect(printed).toMatchObject({ clock: 'recorded', now: RECORDED_AT, scenarios: [{ id: '07_cold_start_noise' }] });
    // 10:59:59 is before the literal; 11:00, 11:30 and @-10m (11:50) share the 11:00 bin; only 11:50 is within ago(15m).
    expect(rows).toEqual([['2026-03-04T11:00:00Z', 3, ['at', 'half', 'relative'], '2026-03-04T12:00:00Z', 1]]);
  });

  it('with TELEMETRY_EMULATOR_CLOCK set to an instant, now() stands there and relative times count from it', async () => {
    // Prepare
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);

    // Act
    emulator = await createTelemetryEmulatorCli(['--port', '0', '--data', dataDir], { TELEMETRY_EMULATOR_CLOCK: '2026-03-04T11:40:00Z' });
    write.mockRestore();
    const first = await query(emulator);
    const second = await query(emulator);

    // Assess: @-10m is 11:30 now; 11:30 twice is after ago(15m) = 11:25; the clock does not move.
    expect(first).toEqual([['2026-03-04T11:00:00Z', 3, ['at', 'half', 'relative'], '2026-03-04T11:40:00Z', 2]]);
    expect(second).toEqual(first);
  });

  it('with the system clock, absolute times shift by the load time, to the millisecond', async () => {
    // Act
    emulator = await startTelemetryEmulator({ dataDir, port: 0, now: () => new Date('2026-05-01T10:00:00.250Z') });
    const rows = await query(emulator);

    // Assess: every row moved by (load time - recordedAt) = 57d 22h 0.25s, so the March literal no
    // longer excludes 10:59:59 (now 08:59:59.250 in May) and now() is the wall clock.
    expect(rows.map((row) => [row[0], row[1], row[3]])).toEqual([
      ['2026-05-01T08:00:00Z', 1, '2026-05-01T10:00:00.250Z'],
      ['2026-05-01T09:00:00Z', 3, '2026-05-01T10:00:00.250Z'],
    ]);
  });

  it('accepts system, recorded or a zoned ISO instant, and refuses anything else', () => {
    // Act
    const accepted = ['system', 'recorded', '2026-03-04T11:40:00Z'].map(parseEmulatorClock);
    const refused = (): unknown => parseEmulatorClock('yesterday');

    // Assess
    expect(accepted).toEqual([{ kind: 'system' }, { kind: 'recorded' }, { kind: 'pinned', at: new Date('2026-03-04T11:40:00Z') }]);
    expect(refused).toThrow(/system, recorded or an ISO 8601 instant/);
  });

  it('refuses --clock recorded over scenarios recorded at different times', () => {
    // Act
    const act = (): unknown =>
      requestClock({ kind: 'recorded' }, [{ id: 'a', anchor: new Date(RECORDED_AT) }, { id: 'b', anchor: new Date('2026-01-01T00:00:00Z') }], () => new Date());

    // Assess
    expect(act).toThrow(/share one recordedAt \(a 2026-03-04T12:00:00.000Z, b 2026-01-01T00:00:00.000Z\)/);
  });
});
