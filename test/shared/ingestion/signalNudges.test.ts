import { InvestigationEvents, SignalsJoinedEventSchema } from '../../../shared/durable';
import type { InvestigationClient } from '../../../shared/ingestion/investigationClient';
import { SignalNudger } from '../../../shared/ingestion/signalNudges';

interface Raise {
  client: string;
  instanceId: string;
  eventName: string;
  payload: unknown;
}

/**
 * An investigation client that records every raise in `log` under its own name. Nudging only
 * raises events, so the other operations fail loudly if the nudger ever calls them.
 */
function recordingClient(name: string, log: Raise[], answer: () => Promise<'raised' | 'notFound'> = () => Promise.resolve('raised')): InvestigationClient {
  const unexpected = (operation: string) => Promise.reject(new Error(`the nudger must not call ${operation}`));
  return {
    raise(instanceId, eventName, payload) {
      log.push({ client: name, instanceId, eventName, payload });
      return answer();
    },
    start: () => unexpected('start'),
    status: () => unexpected('status'),
    countActive: () => unexpected('countActive'),
  };
}

/** Lets settled promises (a rejected raise reaching onError) run their callbacks. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

const INTERVAL_MS = 50;

describe('SignalNudger', () => {
  beforeEach(() => {
    // Only timers are faked: promise callbacks and setImmediate still run, so settle() works.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('raises the signal event at once on the first nudge of a quiet investigation', () => {
    // Prepare
    const raises: Raise[] = [];
    const nudger = new SignalNudger(() => undefined);

    // Act
    nudger.nudge(recordingClient('c1', raises), 'inv-1', INTERVAL_MS);

    // Assess
    expect(raises).toHaveLength(1);
    expect(raises[0]).toMatchObject({ instanceId: 'inv-1', eventName: InvestigationEvents.signal });
    expect(SignalsJoinedEventSchema.safeParse(raises[0]!.payload).success).toBe(true);
  });

  it('folds the nudges that arrive within the interval into exactly one more raise at its end, through the latest client', () => {
    // Prepare
    const raises: Raise[] = [];
    const nudger = new SignalNudger(() => undefined);
    nudger.nudge(recordingClient('c1', raises), 'inv-1', INTERVAL_MS);

    // Act
    jest.advanceTimersByTime(10);
    for (let i = 0; i < 5; i++) nudger.nudge(recordingClient('c1', raises), 'inv-1', INTERVAL_MS);
    nudger.nudge(recordingClient('c2', raises), 'inv-1', INTERVAL_MS);
    jest.advanceTimersByTime(INTERVAL_MS - 11);
    const raisedBeforeTheEnd = raises.length;
    jest.advanceTimersByTime(1);
    const raisedAtTheEnd = raises.length;
    jest.advanceTimersByTime(INTERVAL_MS * 4);

    // Assess
    expect(raisedBeforeTheEnd).toBe(1);
    expect(raisedAtTheEnd).toBe(2);
    expect(raises.map((r) => r.client)).toEqual(['c1', 'c2']);
    expect(raises[1]).toMatchObject({ instanceId: 'inv-1', eventName: InvestigationEvents.signal });
    expect(SignalsJoinedEventSchema.safeParse(raises[1]!.payload).success).toBe(true);
  });

  it('nudges at once again once an investigation has been quiet for the interval', () => {
    // Prepare
    const raises: Raise[] = [];
    const nudger = new SignalNudger(() => undefined);
    const client = recordingClient('c1', raises);
    nudger.nudge(client, 'inv-1', INTERVAL_MS);
    jest.advanceTimersByTime(INTERVAL_MS + 1);

    // Act
    nudger.nudge(client, 'inv-1', INTERVAL_MS);
    const raisedAtOnce = raises.length;
    nudger.nudge(client, 'inv-1', INTERVAL_MS);

    // Assess
    expect(raisedAtOnce).toBe(2);
    expect(raises).toHaveLength(2);
  });

  it('keeps the intervals of different investigations apart', () => {
    // Prepare
    const raises: Raise[] = [];
    const nudger = new SignalNudger(() => undefined);
    const client = recordingClient('c1', raises);
    nudger.nudge(client, 'inv-1', INTERVAL_MS);

    // Act
    nudger.nudge(client, 'inv-2', INTERVAL_MS);

    // Assess
    expect(raises.map((r) => r.instanceId)).toEqual(['inv-1', 'inv-2']);
  });

  it('reports a rejected raise to onError without throwing', async () => {
    // Prepare
    const failures: Array<{ instanceId: string; error: unknown }> = [];
    const nudger = new SignalNudger((instanceId, error) => failures.push({ instanceId, error }));
    const outage = new Error('task hub unavailable');
    const raises: Raise[] = [];
    const failing = recordingClient('c1', raises, () => Promise.reject(outage));

    // Act
    let thrown: unknown;
    try {
      nudger.nudge(failing, 'inv-1', INTERVAL_MS);
    } catch (error) {
      thrown = error;
    }
    await settle();

    // Assess
    expect(thrown).toBeUndefined();
    expect(raises).toHaveLength(1);
    expect(failures).toEqual([{ instanceId: 'inv-1', error: outage }]);
  });
});
