import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..', '..', '..');
const cli = join(repoRoot, 'dist', 'shared', 'scheduler', 'validateTasksCli.js');

describe('validateTasksCli', () => {
  it('exits 0 and lists every bundled task when all are valid', () => {
    // Act
    const run = spawnSync(process.execPath, [cli], { encoding: 'utf8' });

    // Assess
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('ok      shop-daily-health (native shape, "0 8 * * *" UTC, plan task-shop-daily-health, disabled)');
    expect(run.stdout).toContain('all tasks valid');
  });

  it('exits 1 and names the task file and field that are wrong, or the plan it cannot find', () => {
    // Act
    const run = spawnSync(process.execPath, [cli, join(repoRoot, 'test', 'fixtures', 'tasks', 'invalid')], { encoding: 'utf8' });

    // Assess
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('ok      daily-error-review (sre-agent shape');
    expect(run.stderr).toMatch(/invalid .*bad-time-zone\.yaml: timeZone: is not an IANA time zone/);
    expect(run.stderr).toMatch(/invalid .*task unknown-plan: plan: no plan has the id 'no-such-plan'/);
    expect(run.stdout).toContain('2 invalid task file(s)');
  });
});
