import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..', '..', '..');
const cli = join(repoRoot, 'dist', 'shared', 'plans', 'validatePlansCli.js');

describe('validatePlansCli', () => {
  it('exits 0 and lists every bundled plan when all are valid', () => {
    // Act
    const run = spawnSync(process.execPath, [cli], { encoding: 'utf8' });

    // Assess
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('ok      default');
    expect(run.stdout).toContain('all plans valid');
  });

  it('exits 1 and names the plan file and field that are wrong', () => {
    // Act
    const run = spawnSync(process.execPath, [cli, join(repoRoot, 'test', 'fixtures', 'plans', 'invalid')], { encoding: 'utf8' });

    // Assess
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('ok      good');
    expect(run.stderr).toMatch(/invalid .*bad-tool\.yaml: hypotheses\[0\]\.checks\[0\]\.tool: tool 'log_analytics_query' is not in allowedTools/);
  });
});
