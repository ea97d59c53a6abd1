import { deliverOnce } from '../../../shared/destinations/deliverOnce';
import { deliveryKeyOf } from '../../../shared/destinations/deliveryKey';
import type { DeliveryMessage, DeliveryResult } from '../../../shared/destinations/deliveryTypes';
import { delivered, failed, type DeliveryContext, type Destination } from '../../../shared/destinations/destination';
import { TransientError } from '../../../shared/errors';
import { message, testLedger } from './destinationFixtures';

/** A destination whose outcomes the test scripts, recording every context it was given. */
function scripted(outcomes: Array<(ctx: DeliveryContext) => Promise<DeliveryResult>>): Destination & { contexts: DeliveryContext[] } {
  const contexts: DeliveryContext[] = [];
  return {
    name: 'teams',
    contexts,
    isConfigured: () => true,
    deliver: (_message: DeliveryMessage, ctx: DeliveryContext) => {
      contexts.push(ctx);
      return outcomes.shift()!(ctx);
    },
  };
}

describe('deliverOnce', () => {
  it('records attempted then delivered, and a second call replays the result without delivering again', async () => {
    // Prepare
    const ledger = testLedger();
    const msg = message();
    const key = deliveryKeyOf(msg.investigationId, 'teams', 'report');
    const destination = scripted([(ctx) => Promise.resolve(delivered('teams', ctx, 1, 'card:report'))]);

    // Act
    const first = await deliverOnce(ledger, destination, msg, key);
    const second = await deliverOnce(ledger, destination, msg, key);
    const rows = await ledger.list(msg.investigationId);

    // Assess
    expect(first).toMatchObject({ status: 'delivered', replayed: false });
    expect(second).toMatchObject({ status: 'delivered', replayed: true, externalRef: 'card:report' });
    expect(destination.contexts).toHaveLength(1);
    expect(destination.contexts[0]!.recovering).toBe(false);
    expect(rows).toEqual([expect.objectContaining({ key, state: 'delivered', tries: 1, destination: 'teams' })]);
  });

  it('keeps a failed outcome visible and tries again, recovering, on the next call', async () => {
    // Prepare
    const ledger = testLedger();
    const msg = message();
    const key = deliveryKeyOf(msg.investigationId, 'teams', 'report');
    const destination = scripted([
      (ctx) => Promise.resolve(failed('teams', ctx, 3, { code: 'http_503', message: 'down', retryable: true })),
      (ctx) => Promise.resolve(delivered('teams', ctx, 1)),
    ]);

    // Act
    const first = await deliverOnce(ledger, destination, msg, key);
    const rowAfterFailure = (await ledger.get(msg.investigationId, key))!;
    const second = await deliverOnce(ledger, destination, msg, key);

    // Assess
    expect(first.status).toBe('failed');
    expect(rowAfterFailure).toMatchObject({ state: 'failed', result: expect.objectContaining({ error: expect.objectContaining({ code: 'http_503' }) }) });
    expect(second.status).toBe('delivered');
    expect(destination.contexts[1]!.recovering).toBe(true);
  });

  it('leaves the row attempted when the destination throws a TransientError, and skips recorded steps on the retry', async () => {
    // Prepare
    const ledger = testLedger();
    const msg = message();
    const key = deliveryKeyOf(msg.investigationId, 'teams', 'report');
    const destination = scripted([
      async (ctx) => {
        await ctx.completeStep('post');
        throw new TransientError('lost the connection after posting');
      },
      (ctx) => Promise.resolve(delivered('teams', ctx, ctx.completedSteps.has('post') ? 0 : 1)),
    ]);

    // Act
    await expect(deliverOnce(ledger, destination, msg, key)).rejects.toThrow(TransientError);
    const row = (await ledger.get(msg.investigationId, key))!;
    const retried = await deliverOnce(ledger, destination, msg, key);

    // Assess
    expect(row).toMatchObject({ state: 'attempted', steps: ['post'] });
    expect(retried).toMatchObject({ status: 'delivered', attempts: 0 });
    expect(destination.contexts[1]!.recovering).toBe(true);
  });

  it('turns a bug in a destination into a failed result instead of failing the investigation', async () => {
    // Prepare
    const destination = scripted([() => Promise.reject(new TypeError('cannot read properties of undefined'))]);
    const msg = message();

    // Act
    const result = await deliverOnce(testLedger(), destination, msg, deliveryKeyOf(msg.investigationId, 'teams', 'report'));

    // Assess
    expect(result).toMatchObject({ status: 'failed', error: { code: 'internal', retryable: false } });
  });
});
