import { callWithRetry, type RetryPolicy } from '../../../shared/destinations/callWithRetry';
import { HttpCallError, type HttpCallResponse } from '../../../shared/destinations/httpCall';

const policy: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 100, timeoutMs: 50 };
const noWait = async (): Promise<void> => undefined;
const ok: HttpCallResponse = { status: 201, headers: {}, text: '{}' };

describe('callWithRetry with a "did it land?" check', () => {
  it('does not repeat a write whose answer timed out when the check finds it applied', async () => {
    // Prepare
    let sends = 0;
    const send = async (): Promise<HttpCallResponse> => {
      sends++;
      throw new HttpCallError('timeout', 'no answer within 50 ms');
    };

    // Act
    const outcome = await callWithRetry(send, policy, undefined, noWait, async () => true);

    // Assess
    expect(outcome).toMatchObject({ ok: true, alreadyApplied: true, attempts: 1 });
    expect(sends).toBe(1);
  });

  it('repeats it when the check finds nothing, and after a 5xx', async () => {
    const answers: Array<HttpCallResponse | Error> = [{ status: 502, headers: {}, text: 'bad gateway' }, ok];
    let checks = 0;
    const send = async (): Promise<HttpCallResponse> => {
      const next = answers.shift()!;
      if (next instanceof Error) throw next;
      return next;
    };
    const outcome = await callWithRetry(send, policy, undefined, noWait, async () => (checks++, false));
    expect(outcome).toMatchObject({ ok: true, attempts: 2 });
    expect(outcome.ok && outcome.alreadyApplied).toBeFalsy();
    expect(checks).toBe(1);
  });

  it('never asks after a 429, which the server did not apply', async () => {
    const answers: HttpCallResponse[] = [{ status: 429, headers: { 'retry-after': '0' }, text: '' }, ok];
    let checks = 0;
    const outcome = await callWithRetry(async () => answers.shift()!, policy, undefined, noWait, async () => (checks++, true));
    expect(outcome).toMatchObject({ ok: true, attempts: 2 });
    expect(checks).toBe(0);
  });
});
