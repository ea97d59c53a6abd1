import * as df from 'durable-functions';
import { record, recorded } from './record';

interface WorkInput {
  key: string;
  delayMs?: number;
}

df.app.activity('work', {
  handler: async (input: WorkInput): Promise<string> => {
    if (input.delayMs) await new Promise((resolve) => setTimeout(resolve, input.delayMs));
    record(`work:${input.key}`);
    return `done:${input.key}`;
  },
});

/** Fails until it has been attempted `failTimes` times for this key. */
df.app.activity('flaky', {
  handler: async (input: { key: string; failTimes: number }): Promise<string> => {
    const attempts = recorded().filter((line) => line === `flaky:${input.key}`).length;
    record(`flaky:${input.key}`);
    if (attempts < input.failTimes) throw new Error(`flaky failure ${attempts + 1}`);
    return `flaky ok after ${attempts + 1}`;
  },
});
