import { RestError, type TableClient, type TableEntity } from '@azure/data-tables';
import { AppError, NotFoundError, TransientError } from '../../errors';
import { isMissingContainer, tableReadiness } from '../../storage';
import { approvalIdFor, approvalRecordSchema, type ApprovalRecord } from './approvalRecord';

/** One partition: approvals are few, and a point read by id must not need the investigation. */
const PARTITION = 'approval';

/** 409: the approval was decided (or expired) already; a decision is final. */
class ApprovalConflictError extends AppError {
  public readonly status: ApprovalRecord['status'];

  public constructor(id: string, status: ApprovalRecord['status'], options?: ErrorOptions) {
    super(`approval ${id} is already ${status}`, options);
    this.status = status;
  }
}

/** What the activity that records an `ask` passes in. */
interface ApprovalRequest {
  investigationId: string;
  instanceId: string;
  toolCallId: string;
  hypothesisId?: string;
  toolName: string;
  invocation: string;
  requestReason: string;
  /** ISO time of the request (from the orchestration clock, passed through the activity input). */
  requestedAt: string;
  /** ISO time the durable timer fires. */
  expiresAt: string;
}

/** A decision to record. */
interface ApprovalDecision {
  status: 'approved' | 'rejected' | 'expired';
  decidedBy: string;
  reason: string;
  decidedAt: string;
}

/** The `Approvals` table. */
interface ApprovalStore {
  /** Records a pending approval; idempotent (a retried activity gets the same record back). */
  request(request: ApprovalRequest): Promise<ApprovalRecord>;
  /** `undefined` when there is no such approval. */
  get(id: string): Promise<ApprovalRecord | undefined>;
  /** Every approval of one investigation, oldest first. */
  listByInvestigation(investigationId: string): Promise<ApprovalRecord[]>;
  /** Every approval in one status (e.g. all pending, for the dashboard), oldest first. */
  listByStatus(status: ApprovalRecord['status']): Promise<ApprovalRecord[]>;
  /**
   * Moves a pending approval to its decision, guarded by the entity's ETag so two approvers
   * cannot both win. Returns the decided record and a function that puts it back to pending
   * (used when raising the event fails, so the human can retry).
   * @throws NotFoundError, ApprovalConflictError
   */
  decide(id: string, decision: ApprovalDecision): Promise<{ record: ApprovalRecord; revert(): Promise<void> }>;
}

function toEntity(record: ApprovalRecord): TableEntity<{ json: string; investigationId: string; status: string }> {
  return { partitionKey: PARTITION, rowKey: record.id, json: JSON.stringify(record), investigationId: record.investigationId, status: record.status };
}

function fromEntity(entity: { json?: unknown }): ApprovalRecord {
  return approvalRecordSchema.parse(JSON.parse(String(entity.json)));
}

function transient(what: string, error: unknown): TransientError {
  return new TransientError(`the approvals table failed while ${what}`, { cause: error });
}

/** Creates the store over a table client (`tableClient(resolveStorageConnection(), GOVERNANCE_APPROVALS_TABLE)`). */
function createApprovalStore(table: TableClient): ApprovalStore {
  const readiness = tableReadiness(table);

  /** The approvals whose `column` equals `value`, oldest first. */
  async function list(column: 'investigationId' | 'status', value: string, what: string): Promise<ApprovalRecord[]> {
    const records: ApprovalRecord[] = [];
    try {
      const filter = `PartitionKey eq '${PARTITION}' and ${column} eq '${value.replace(/'/g, "''")}'`;
      for await (const entity of table.listEntities<{ json: string }>({ queryOptions: { filter } })) records.push(fromEntity(entity));
    } catch (error) {
      if (isMissingContainer(error)) return [];
      throw transient(what, error);
    }
    return records.sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
  }

  async function read(id: string): Promise<{ record: ApprovalRecord; etag: string } | undefined> {
    try {
      const entity = await table.getEntity<{ json: string }>(PARTITION, id);
      return { record: fromEntity(entity), etag: entity.etag };
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return undefined;
      throw transient(`reading ${id}`, error);
    }
  }

  return {
    async request(request) {
      const record: ApprovalRecord = approvalRecordSchema.parse({
        schemaVersion: 1,
        id: approvalIdFor(request.instanceId, request.toolCallId),
        ...request,
        status: 'pending',
      });
      try {
        await readiness.run(() => table.createEntity(toEntity(record)));
        return record;
      } catch (error) {
        if (error instanceof RestError && error.statusCode === 409) {
          const existing = await read(record.id);
          if (existing) return existing.record;
        }
        throw transient(`recording ${record.id}`, error);
      }
    },
    async get(id) {
      if (!/^apr-[0-9a-f]{32}$/.test(id)) return undefined;
      return (await read(id))?.record;
    },
    listByInvestigation(investigationId) {
      return list('investigationId', investigationId, `listing approvals of ${investigationId}`);
    },
    listByStatus(status) {
      return list('status', status, `listing ${status} approvals`);
    },
    async decide(id, decision) {
      const current = await read(id);
      if (!current) throw new NotFoundError(`there is no approval ${id}`);
      if (current.record.status !== 'pending') throw new ApprovalConflictError(id, current.record.status);
      const record: ApprovalRecord = {
        ...current.record,
        status: decision.status,
        decidedBy: decision.decidedBy,
        decisionReason: decision.reason,
        decidedAt: decision.decidedAt,
      };
      let etag: string;
      try {
        const answer = await table.updateEntity(toEntity(record), 'Replace', { etag: current.etag });
        etag = answer.etag ?? '*';
      } catch (error) {
        if (error instanceof RestError && error.statusCode === 412) {
          const now = await read(id);
          throw new ApprovalConflictError(id, now?.record.status ?? 'pending', { cause: error });
        }
        throw transient(`deciding ${id}`, error);
      }
      return {
        record,
        revert: async () => {
          try {
            await table.updateEntity(toEntity(current.record), 'Replace', { etag });
          } catch (error) {
            throw transient(`reverting ${id}`, error);
          }
        },
      };
    },
  };
}

export { createApprovalStore, ApprovalConflictError };
export type { ApprovalStore, ApprovalRequest, ApprovalDecision };
