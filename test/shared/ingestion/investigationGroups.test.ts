import type { GroupRow, InvestigationClient } from '../../../shared/ingestion';
import { unfinishedGenerations } from '../../../shared/ingestion';

/** A client that answers the given runtime status per instance (undefined: no such instance; an Error: the call fails). */
function clientAnswering(statuses: Record<string, string | undefined | Error>): InvestigationClient {
  return {
    start: () => Promise.reject(new Error('not used')),
    raise: () => Promise.reject(new Error('not used')),
    countActive: () => Promise.reject(new Error('not used')),
    status: (instanceId) => {
      const answer = statuses[instanceId];
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
}

function rowOf(state: GroupRow['state'], open: string[]): GroupRow {
  return {
    investigationKey: 'azure-monitor-k',
    source: 'azure-monitor',
    groupKey: 'g',
    instanceId: 'azure-monitor-k-9',
    generation: 9,
    windowStartedAt: '2026-03-04T09:00:00.000Z',
    state,
    queuedAt: '2026-03-04T09:00:00.000Z',
    attempts: 0,
    ownerRecordId: 'azure-monitor_0_00000000000000000000000000000000',
    openInstances: JSON.stringify(open),
  };
}

describe('unfinishedGenerations', () => {
  it('keeps the generations that may still run and drops the finished and the missing', async () => {
    // Prepare
    const statuses = {
      running: 'Running',
      pending: 'Pending',
      suspended: 'Suspended',
      continued: 'ContinuedAsNew',
      unreadable: new Error('the Durable client failed'),
      completed: 'Completed',
      failed: 'Failed',
      terminated: 'Terminated',
      purged: undefined,
    };

    // Act
    const kept = await unfinishedGenerations(clientAnswering(statuses), rowOf('running', Object.keys(statuses)));

    // Assess
    expect(kept).toEqual(['running', 'pending', 'suspended', 'continued', 'unreadable']);
  });

  it('lists nothing for a group that is new or resolved', async () => {
    // Act
    const none = await unfinishedGenerations(clientAnswering({}), undefined);
    const resolved = await unfinishedGenerations(clientAnswering({ a: 'Running' }), rowOf('resolved', ['a']));

    // Assess
    expect(none).toEqual([]);
    expect(resolved).toEqual([]);
  });
});
