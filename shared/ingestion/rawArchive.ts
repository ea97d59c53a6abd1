import { randomUUID } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
import { z } from 'zod';
import type { IncidentSource } from '../incident';
import { GroupCommit, type ItemOutcome } from '../storage';
import { isStorageStatus, storageCall } from './storageCalls';

/**
 * One archived body: a line of a segment blob. The body is kept as UTF-8 text when the bytes
 * are valid UTF-8 (they then round-trip exactly) and as base64 otherwise.
 */
const ArchivedBodySchema = z.object({
  ref: z.string(),
  receivedAt: z.string(),
  contentType: z.string().nullable(),
  body: z.string().optional(),
  bodyBase64: z.string().optional(),
});

/** A body read back from the archive, byte for byte as received. */
interface ArchivedBody {
  ref: string;
  receivedAt: string;
  contentType: string | null;
  body: Buffer;
}

interface ArchiveItem {
  body: Buffer;
  contentType: string | undefined;
  receivedAt: Date;
}

/** A submitted body: its reference, known at once, and the write that stores it. */
interface ArchiveSubmission {
  ref: string;
  stored: Promise<void>;
}

/** A segment closes at this many body bytes (a single larger body still gets a segment of its own). */
const SEGMENT_BYTES = 8 * 1024 * 1024;
/** `<source>/<yyyy>/<mm>/<dd>/<writer uuid>-<batch>.ndjson#<line>`: only references this archive issued can be read. */
const REF_PATTERN = /^([a-z-]+\/\d{4}\/\d{2}\/\d{2}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-\d{9}\.ndjson)#(\d{1,6})$/;

function segmentPath(base: string, batchId: number): string {
  return `${base}-${String(batchId).padStart(9, '0')}.ndjson`;
}

function refOf(base: string, batchId: number, index: number): string {
  return `${segmentPath(base, batchId)}#${index}`;
}

function lineOf(ref: string, body: Buffer, contentType: string | undefined, receivedAt: Date): string {
  const text = body.toString('utf8');
  const exact = Buffer.byteLength(text, 'utf8') === body.length && Buffer.from(text, 'utf8').equals(body);
  return JSON.stringify({ ref, receivedAt: receivedAt.toISOString(), contentType: contentType ?? null, ...(exact ? { body: text } : { bodyBase64: body.toString('base64') }) });
}

/**
 * The raw-body archive. Bodies received together are written together: each write is one
 * newline-delimited JSON blob (a segment) at `<source>/<yyyy>/<mm>/<dd>/<segment>.ndjson`, one
 * line per body, and a body's reference is `<segment path>#<line>`. The reference is known when
 * the body is submitted (before parsing, so incidents can carry it); the body is stored when
 * `stored` resolves, which the ingest routes wait for before any 2xx. One blob write per batch
 * instead of one per request is what lets a storage account keep up with an alert storm.
 */
class RawArchive {
  /**
   * Writers per `<source>/<day>` prefix; only the current day's is kept once a new day starts.
   * Each writer names its segments `<prefix>/<writer uuid>-<batch>`, so a writer made again for
   * a day (a request of the previous day finishing late) never reuses a segment name.
   */
  private readonly writers = new Map<string, { commits: GroupCommit<ArchiveItem, void>; base: string }>();

  public constructor(private readonly container: ContainerClient, private readonly ready: () => Promise<void>) {}

  /** Queues a body for the next segment of its source and day. */
  public submit(source: IncidentSource, body: Buffer, contentType: string | undefined, receivedAt: Date): ArchiveSubmission {
    const iso = receivedAt.toISOString();
    const prefix = `${source}/${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}`;
    const writer = this.writerFor(prefix);
    const submission = writer.commits.submit({ body, contentType, receivedAt });
    return { ref: refOf(writer.base, submission.batchId, submission.index), stored: submission.done };
  }

  /** Reads one body back by its reference; `undefined` when the segment or the line does not exist. */
  public async read(ref: string): Promise<ArchivedBody | undefined> {
    const match = REF_PATTERN.exec(ref);
    if (!match) return undefined;
    await this.ready();
    let segment: Buffer;
    try {
      segment = await storageCall('reading an archive segment', () => this.container.getBlockBlobClient(match[1]!).downloadToBuffer(), [404]);
    } catch (error) {
      if (isStorageStatus(error, 404)) return undefined;
      throw error;
    }
    const text = segment.toString('utf8');
    const line = text.split('\n')[Number(match[2])];
    if (!line) return undefined;
    const entry = ArchivedBodySchema.parse(JSON.parse(line));
    const body = entry.body !== undefined ? Buffer.from(entry.body, 'utf8') : Buffer.from(entry.bodyBase64 ?? '', 'base64');
    return { ref: entry.ref, receivedAt: entry.receivedAt, contentType: entry.contentType, body };
  }

  private writerFor(prefix: string): { commits: GroupCommit<ArchiveItem, void>; base: string } {
    const existing = this.writers.get(prefix);
    if (existing) return existing;
    const source = prefix.slice(0, prefix.indexOf('/'));
    for (const key of this.writers.keys()) if (key.startsWith(`${source}/`)) this.writers.delete(key);
    const base = `${prefix}/${randomUUID()}`;
    const commits = new GroupCommit<ArchiveItem, void>((items, batchId) => this.writeSegment(base, batchId, items), { maxBatch: 1000, weigh: (item) => item.body.length, maxWeight: SEGMENT_BYTES });
    const writer = { commits, base };
    this.writers.set(prefix, writer);
    return writer;
  }

  private async writeSegment(base: string, batchId: number, items: ArchiveItem[]): Promise<Array<ItemOutcome<void>>> {
    await this.ready();
    const lines = items.map((item, index) => lineOf(refOf(base, batchId, index), item.body, item.contentType, item.receivedAt));
    const content = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
    await storageCall('archiving raw bodies', () =>
      // Never over an existing segment: a name clash fails the batch (503, retried) rather than lose bodies.
      this.container.getBlockBlobClient(segmentPath(base, batchId)).uploadData(content, { blobHTTPHeaders: { blobContentType: 'application/x-ndjson' }, conditions: { ifNoneMatch: '*' } }),
    );
    return items.map(() => ({ ok: true, value: undefined }));
  }
}

export { RawArchive, ArchivedBodySchema };
export type { ArchivedBody, ArchiveSubmission };
