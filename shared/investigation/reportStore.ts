import { renderReportJson, renderReportMarkdown } from '../report/renderReportMarkdown';
import type { InvestigationReport } from '../report/reportSchema';
import { blobServiceClient, resolveStorageConnection } from '../storage';
import type { PersistOutput } from './investigationSchemas';

const ensured = new Set<string>();

/** Writes report.md and report.json under `<investigationId>/` in the reports container (idempotent: same paths on retry). */
async function persistReport(report: InvestigationReport, container: string, env: NodeJS.ProcessEnv = process.env): Promise<PersistOutput> {
  const client = blobServiceClient(resolveStorageConnection(env)).getContainerClient(container);
  if (!ensured.has(container)) {
    await client.createIfNotExists();
    ensured.add(container);
  }
  const markdownPath = `${report.investigationId}/report.md`;
  const jsonPath = `${report.investigationId}/report.json`;
  const markdown = renderReportMarkdown(report);
  const json = renderReportJson(report);
  await Promise.all([
    client.getBlockBlobClient(markdownPath).upload(markdown, Buffer.byteLength(markdown), { blobHTTPHeaders: { blobContentType: 'text/markdown; charset=utf-8' } }),
    client.getBlockBlobClient(jsonPath).upload(json, Buffer.byteLength(json), { blobHTTPHeaders: { blobContentType: 'application/json' } }),
  ]);
  return { schemaVersion: 1, markdownPath: `${container}/${markdownPath}`, jsonPath: `${container}/${jsonPath}` };
}

/** Reads a stored report file (`md` or `json`); undefined when the investigation has none yet. */
async function readReport(investigationId: string, format: 'md' | 'json', container: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const blob = blobServiceClient(resolveStorageConnection(env)).getContainerClient(container).getBlobClient(`${investigationId}/report.${format}`);
  try {
    return (await blob.downloadToBuffer()).toString('utf8');
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
}

export { persistReport, readReport };
