import { RestError, type ContainerClient } from '@azure/storage-blob';
import { TransientError } from '../../errors';
import { StorageReadiness } from '../../storage';
import type { Redactor } from '../redaction/redactor';
import { auditRecordSchema, type AuditRecord, type AuditRecordInput } from './auditRecord';

/** An append block holds at most 4 MiB; a batch larger than that is split on line boundaries. */
const MAX_APPEND_BYTES = 4 * 1024 * 1024;
/** A single record larger than this has its details cut: the audit line must fit one block. */
const MAX_RECORD_BYTES = 256 * 1024;

/** The append-only audit log: one append blob per investigation, one JSON line per event. */
interface AuditLog {
  /**
   * Appends records (validated, redacted, one JSON line each). Each call writes whole lines in
   * append blocks, which Storage commits atomically, so concurrent writers never interleave
   * inside a line.
   * @throws TransientError when storage fails (the activity retries).
   */
  append(records: AuditRecordInput | ReadonlyArray<AuditRecordInput>): Promise<void>;
  /** Every record of one investigation in the order written; `[]` when there is none. */
  read(investigationId: string): Promise<AuditRecord[]>;
}

/**
 * Blob name of an investigation's audit log: `<investigationId>.jsonl`, with characters that
 * Storage treats specially (`/`, `\`, `?`, `#`, control characters) percent-encoded, so reading
 * one investigation's audit is reading one blob.
 */
function auditBlobName(investigationId: string): string {
  return `${investigationId.replace(/[\\/?#%\u0000-\u001f]/g, (ch) => `%${ch.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`)}.jsonl`;
}

function serialise(record: AuditRecord): string {
  const line = JSON.stringify(record);
  if (Buffer.byteLength(line) <= MAX_RECORD_BYTES) return line;
  return JSON.stringify({ ...record, details: { truncated: true, originalBytes: Buffer.byteLength(line) } });
}

/** Splits lines into batches of at most MAX_APPEND_BYTES. */
function batches(lines: string[]): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of lines) {
    const next = `${line}\n`;
    if (current && Buffer.byteLength(current) + Buffer.byteLength(next) > MAX_APPEND_BYTES) {
      out.push(current);
      current = '';
    }
    current += next;
  }
  if (current) out.push(current);
  return out;
}

/**
 * Creates the audit log over a blob container (`GOVERNANCE_AUDIT_CONTAINER`, default `audit`).
 * Get the container with `blobServiceClient(resolveStorageConnection()).getContainerClient(name)`.
 */
function createAuditLog(container: ContainerClient, redactor: Redactor): AuditLog {
  const readiness = new StorageReadiness(() => container.createIfNotExists());

  return {
    async append(input) {
      const list = (Array.isArray(input) ? input : [input]) as AuditRecordInput[];
      if (list.length === 0) return;
      const byInvestigation = new Map<string, string[]>();
      for (const raw of list) {
        const record = auditRecordSchema.parse(redactor.redactDeep(raw));
        const lines = byInvestigation.get(record.investigationId) ?? [];
        lines.push(serialise(record));
        byInvestigation.set(record.investigationId, lines);
      }
      try {
        for (const [investigationId, lines] of byInvestigation) {
          const blob = container.getAppendBlobClient(auditBlobName(investigationId));
          // One run per blob: if storage lost the container, nothing of it was written and it all goes again.
          await readiness.run(async () => {
            await blob.createIfNotExists({ blobHTTPHeaders: { blobContentType: 'application/x-ndjson' } });
            for (const batch of batches(lines)) {
              const body = Buffer.from(batch, 'utf8');
              await blob.appendBlock(body, body.length);
            }
          });
        }
      } catch (error) {
        throw new TransientError(`appending to the audit log failed${error instanceof RestError ? ` (HTTP ${error.statusCode})` : ''}`, { cause: error });
      }
    },
    async read(investigationId) {
      const blob = container.getAppendBlobClient(auditBlobName(investigationId));
      let text: string;
      try {
        text = (await blob.downloadToBuffer()).toString('utf8');
      } catch (error) {
        if (error instanceof RestError && error.statusCode === 404) return [];
        throw new TransientError('reading the audit log failed', { cause: error });
      }
      return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => auditRecordSchema.parse(JSON.parse(line)));
    },
  };
}

export { createAuditLog, auditBlobName, MAX_APPEND_BYTES };
export type { AuditLog };
