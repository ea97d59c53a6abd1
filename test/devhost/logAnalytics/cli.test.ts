import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createTelemetryEmulatorCli } from '../../../devhost/logAnalytics/cli';
import { SCENARIOS_DIR, rawRequest } from './emulatorClients';

describe('Telemetry emulator CLI', () => {
  it('starts on an OS-chosen port with the chosen scenarios and writes the CA to trust', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'emulator-cli-'));
    const caFile = join(dir, 'ca.pem');
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const log = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);

    // Act
    const emulator = await createTelemetryEmulatorCli(['--port', '0', '--scenarios', SCENARIOS_DIR, '--only', '07_cold_start_noise', '--ca-out', caFile], {});
    const printed = JSON.parse(String(write.mock.calls[0]![0])) as { url: string; scenarios: Array<{ id: string }> };
    write.mockRestore();
    log.mockRestore();
    const health = await rawRequest(emulator, 'GET', '/health');
    await emulator.close();
    const ca = readFileSync(caFile, 'utf8');
    rmSync(dir, { recursive: true, force: true });

    // Assess
    expect(printed.url).toBe(emulator.url);
    expect(printed.scenarios.map((s) => s.id)).toEqual(['07_cold_start_noise']);
    expect(health.json).toEqual({ status: 'ok', scenarios: ['07_cold_start_noise'] });
    expect(ca).toContain('BEGIN CERTIFICATE');
  });

  it('rejects an unknown argument', async () => {
    // Act
    const failure = await createTelemetryEmulatorCli(['--verbose'], {}).catch((e: unknown) => e);

    // Assess
    expect(String(failure)).toMatch(/unknown argument --verbose/);
  });
});
