import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler } from 'durable-functions';

/** Everything at once: fan-out of 5, a sub-orchestration, an external event, a timer, a retried activity. */
const everything: OrchestrationHandler = function* (context: OrchestrationContext) {
  const input = context.df.getInput<{ tag: string; failTimes: number }>();
  context.df.setCustomStatus({ phase: 'fan-out' });
  const fanOut = yield context.df.Task.all([1, 2, 3, 4, 5].map((n) => context.df.callActivity('work', { key: `${input.tag}-${n}` })));
  context.df.setCustomStatus({ phase: 'child' });
  const child = yield context.df.callSubOrchestrator('child', { tag: input.tag });
  context.df.setCustomStatus({ phase: 'waiting-for-approval' });
  const approval = yield context.df.waitForExternalEvent('approval');
  context.df.setCustomStatus({ phase: 'timer' });
  yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + 500));
  const retryOptions = new df.RetryOptions(100, 4);
  retryOptions.backoffCoefficient = 2;
  const flaky = yield context.df.callActivityWithRetry('flaky', retryOptions, { key: input.tag, failTimes: input.failTimes });
  context.df.setCustomStatus({ phase: 'done' });
  return { fanOut, child, approval, flaky };
};
df.app.orchestration('everything', everything);

df.app.orchestration('child', function* (context: OrchestrationContext) {
  const { tag } = context.df.getInput<{ tag: string }>();
  const result: string = yield context.df.callActivity('work', { key: `${tag}-child` });
  return `child:${result}`;
});

/** Slow sequential activities: a restart test kills the host in the middle. */
df.app.orchestration('slowChain', function* (context: OrchestrationContext) {
  const { tag, steps, delayMs } = context.df.getInput<{ tag: string; steps: number; delayMs: number }>();
  const results: string[] = [];
  for (let i = 0; i < steps; i++) {
    results.push(yield context.df.callActivity('work', { key: `${tag}-${i}`, delayMs }));
  }
  return results;
});

/** A wide fan-out (bench and throughput). */
df.app.orchestration('wideFanOut', function* (context: OrchestrationContext) {
  const { tag, count, delayMs } = context.df.getInput<{ tag: string; count: number; delayMs?: number }>();
  const results: string[] = yield context.df.Task.all(Array.from({ length: count }, (_, i) => context.df.callActivity('work', { key: `${tag}-${i}`, delayMs })));
  return results.length;
});

/** The same activities one after another (the bench's baseline). */
df.app.orchestration('sequential', function* (context: OrchestrationContext) {
  const { tag, count, delayMs } = context.df.getInput<{ tag: string; count: number; delayMs?: number }>();
  for (let i = 0; i < count; i++) yield context.df.callActivity('work', { key: `${tag}-${i}`, delayMs });
  return count;
});

/** Waits for an event or a timeout, whichever comes first (the approval pattern). */
df.app.orchestration('raceEventTimer', function* (context: OrchestrationContext) {
  const { timeoutMs } = context.df.getInput<{ timeoutMs: number }>();
  const timer = context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + timeoutMs));
  const event = context.df.waitForExternalEvent('decision');
  const winner = yield context.df.Task.any([event, timer]);
  if (winner === event) {
    timer.cancel();
    return { decided: event.result };
  }
  return { decided: 'timeout' };
});

/** Counts to `until` by continuing as new each step. */
df.app.orchestration('counter', function* (context: OrchestrationContext) {
  const { n, until } = context.df.getInput<{ n: number; until: number }>();
  yield context.df.callActivity('work', { key: `counter-${n}` });
  if (n + 1 < until) {
    context.df.continueAsNew({ n: n + 1, until });
    return undefined;
  }
  return n + 1;
});

/** Breaks determinism on purpose: reads a file to decide which activity to call first. */
df.app.orchestration('nondeterministic', function* (context: OrchestrationContext) {
  const order = readFileSync(join(process.env.SAMPLE_RECORD_DIR!, 'order.txt'), 'utf8').trim().split(',');
  const first: string = yield context.df.callActivity(order[0]!, { key: 'nd-1', delayMs: 1500, failTimes: 0 });
  const second: string = yield context.df.callActivity(order[1]!, { key: 'nd-2', failTimes: 0 });
  return [first, second];
});

/** Waits forever (terminate test). */
df.app.orchestration('waitsForever', function* (context: OrchestrationContext) {
  yield context.df.waitForExternalEvent('never');
});

/** Throws after one activity (failure reporting). */
df.app.orchestration('fails', function* (context: OrchestrationContext) {
  yield context.df.callActivity('work', { key: 'before-failure' });
  throw new Error('orchestrator gave up');
});
