import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../../shared/errors';
import { loadTasks } from '../../../shared/scheduler/taskRegistry';
import { parseTaskFile } from '../../../shared/scheduler/parseTaskFile';
import { DirectoryPlanSource, StaticPlanSource } from '../../../shared/plans/planSource';
import { bundledPlansDirectory, loadPlans } from '../../../shared/plans/loadPlans';
import { bundledTasksDirectory } from '../../../shared/scheduler/taskRegistry';
import { repoRoot } from '../../helpers/devhostProcess';

const NATIVE = `id: nightly-deploy-check
description: Is last night's deployment healthy?
schedule: "30 6 * * 1-5"
timeZone: Europe/Amsterdam
plan: http-5xx-after-deployment
mode: autonomous
targets: { resources: [/subscriptions/0000/resourceGroups/rg/providers/Microsoft.App/containerApps/ca-orders-api], host: shop.example.com }
budgets: { perHypothesis: { maxTurns: 3 } }
destinations: [teams]
maxRuns: 10
`;

function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseTaskFile', () => {
  it('reads our shape with its time zone, plan, overrides and limits', () => {
    const task = parseTaskFile('tasks/nightly.yaml', NATIVE);
    expect(task).toMatchObject({ id: 'nightly-deploy-check', timeZone: 'Europe/Amsterdam', plan: 'http-5xx-after-deployment', mode: 'autonomous', maxRuns: 10, enabled: true, postWhenHealthy: true, format: 'native' });
    expect(task.targets.host).toBe('shop.example.com');
  });

  it("reads Azure SRE Agent's recipe: the name is the id, the prompt the guidance of one hypothesis, UTC", () => {
    const task = parseTaskFile('sre.yaml', readFileSync(join(repoRoot, 'test', 'fixtures', 'tasks', 'invalid', 'sre-agent-daily.yaml'), 'utf8'));
    expect(task).toMatchObject({ id: 'daily-error-review', schedule: '0 8 * * *', timeZone: 'UTC', mode: 'review', enabled: true, format: 'sre-agent' });
    expect(task.hypotheses?.[0]?.guidance).toContain('cluster them by exception');
  });

  it('names the file and the field that is wrong, in the shape the file is written in', () => {
    expect(errorOf(() => parseTaskFile('tasks/a.yaml', NATIVE.replace('30 6 * * 1-5', '0 30 6 * * 1-5'))).setting).toBe('tasks/a.yaml: schedule');
    expect(errorOf(() => parseTaskFile('tasks/a.yaml', NATIVE.replace('30 6 * * 1-5', '0 30 6 * * 1-5'))).message).toMatch(/5 fields.*seconds are not supported/);
    expect(errorOf(() => parseTaskFile('tasks/a.yaml', NATIVE.replace('Europe/Amsterdam', 'Mars/Olympus'))).setting).toBe('tasks/a.yaml: timeZone');
    expect(errorOf(() => parseTaskFile('tasks/a.yaml', NATIVE.replace('destinations: [teams]', 'destinations: [source]'))).setting).toBe('tasks/a.yaml: destinations[0]');
    expect(errorOf(() => parseTaskFile('tasks/a.yaml', NATIVE.replace('plan: http-5xx-after-deployment\n', ''))).setting).toBe('tasks/a.yaml: plan');
    expect(errorOf(() => parseTaskFile('tasks/b.yaml', 'metadata: { name: x }\nspec: { description: d, schedule: "0 8 * *", prompt: p }')).setting).toBe('tasks/b.yaml: spec.schedule');
  });
});

describe('loadTasks', () => {
  it('loads the bundled tasks, each with the plan it runs', async () => {
    const { plans } = await loadPlans(new DirectoryPlanSource(bundledPlansDirectory()));
    const loaded = await loadTasks(new DirectoryPlanSource(bundledTasksDirectory()), [], plans);
    expect(loaded.tasks.map((t) => t.id)).toEqual(['certificate-expiry-sweep', 'shop-daily-health']);
    expect(loaded.plans['shop-daily-health']).toMatchObject({ id: 'task-shop-daily-health', destinations: ['teams'], allowedTools: ['app_insights_query'] });
  });

  it('lays the task over a named plan, lets an override replace a task by id, and refuses an unknown plan', async () => {
    const { plans } = await loadPlans(new DirectoryPlanSource(bundledPlansDirectory()));
    const override = new StaticPlanSource([{ name: 'blob:tasks/nightly.yaml', text: NATIVE }, { name: 'blob:tasks/shop.yaml', text: `id: shop-daily-health\ndescription: mine\nschedule: "0 9 * * *"\nplan: default\n` }]);
    const loaded = await loadTasks(new DirectoryPlanSource(bundledTasksDirectory()), [override], plans);
    const nightly = loaded.plans['nightly-deploy-check']!;
    expect(nightly).toMatchObject({ id: 'http-5xx-after-deployment', mode: 'autonomous', destinations: ['teams'] });
    expect(nightly.budgets.perHypothesis.maxTurns).toBe(3);
    expect(nightly.budgets.perHypothesis.maxToolCalls).toBe(10);
    expect(loaded.tasks.find((t) => t.id === 'shop-daily-health')?.description).toBe('mine');
    expect(loaded.origins['shop-daily-health']).toBe('blob:tasks/shop.yaml');
    const unknown = new StaticPlanSource([{ name: 'blob:tasks/x.yaml', text: NATIVE.replace('http-5xx-after-deployment', 'no-such-plan') }]);
    await expect(loadTasks(new StaticPlanSource([]), [unknown], plans)).rejects.toThrow(/blob:tasks\/x.yaml: plan: no plan has the id 'no-such-plan'/);
  });
});
