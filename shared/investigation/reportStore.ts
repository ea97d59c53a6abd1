import type { ContainerClient } from '@azure/storage-blob';
import { TransientError } from '../errors';
import { requireRecordId } from '../ids';
import { renderReportJson, renderReportMarkdown } from '../report/renderReportMarkdown';
import type { InvestigationReport } from '../report/reportSchema';
import { blobServiceClient, describeStorage, resolveStorageConnection, StorageReadiness } from '../storage';
import type { PersistOutput } from './investigationSchemas';

/** Each reports container of this process, with whether it was created (never past a failed write). */
const containers = new Map<string, { client: ContainerClient; readiness: StorageReadiness }>();

function reportsContainer(container: string, env: NodeJS.ProcessEnv): { client: ContainerClient; readiness: StorageReadiness } {
  const connection = resolveStorageConnection(env);
  const key = `${describeStorage(connection)}|${container}`;
  let entry = containers.get(key);
  if (!entry) {
    const client = blobServiceClient(connection).getContainerClient(container);
    entry = { client, readiness: new StorageReadiness(() => client.createIfNotExists()) };
    containers.set(key, entry);
  }
  return entry;
}

/**
 * Blob path of a report file: `<investigationId>/report.<md|json>`.
 * @throws ValidationError when the id is not a record id (it could name another folder or container).
 */
function reportBlobPath(investigationId: string, format: 'md' | 'json'): string {
  return `${requireRecordId('investigationId', investigationId)}/report.${format}`;
}

/** Writes report.md and report.json under `<investigationId>/` in the reports container (idempotent: same paths on retry). */
async function persistReport(report: InvestigationReport, container: string, env: NodeJS.ProcessEnv = process.env): Promise<PersistOutput> {
  const { client, readiness } = reportsContainer(container, env);
  const markdownPath = reportBlobPath(report.investigationId, 'md');
  const jsonPath = reportBlobPath(report.investigationId, 'json');
  const markdown = renderReportMarkdown(report);
  const json = renderReportJson(report);
  await readiness.run(() =>
    Promise.all([
      client.getBlockBlobClient(markdownPath).upload(markdown, Buffer.byteLength(markdown), { blobHTTPHeaders: { blobContentType: 'text/markdown; charset=utf-8' } }),
      client.getBlockBlobClient(jsonPath).upload(json, Buffer.byteLength(json), { blobHTTPHeaders: { blobContentType: 'application/json' } }),
    ]),
  );
  return { schemaVersion: 1, markdownPath: `${container}/${markdownPath}`, jsonPath: `${container}/${jsonPath}` };
}

/**
 * Reads a stored report file (`md` or `json`); undefined when the investigation has none yet.
 * @throws ValidationError when the id is not a record id.
 */
async function readReport(investigationId: string, format: 'md' | 'json', container: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const blob = reportsContainer(container, env).client.getBlobClient(reportBlobPath(investigationId, format));
  try {
    return (await blob.downloadToBuffer()).toString('utf8');
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw new TransientError(`reading the ${format} report of ${investigationId} failed`, { cause: error });
  }
}

export { persistReport, readReport, reportBlobPath };
