import type { ToolCallRecord } from '../agent/toolCallRecord';
import { parseArmResourceId } from '../incident';
import { evidenceRows, numberOf, textOf, timeOf } from './evidenceRows';

/** What the evidence says about the latest release: the app, the failing and the previous revision or version. */
interface DeploymentFacts {
  /** The deployed app's name and resource group, when a row names its ARM id. */
  app?: { name: string; resourceGroup: string | null; kind: 'containerapp' | 'webapp' | 'other' };
  currentRevision?: string;
  previousRevision?: string;
  currentVersion?: string;
  previousVersion?: string;
  /** Tool calls the facts come from. */
  toolCallIds: string[];
}

const imageTag = (image: string | undefined): string | undefined => (image && /:([^:/@]+)$/.exec(image)?.[1]) || undefined;

function appOf(resourceId: string | undefined): DeploymentFacts['app'] {
  const parsed = resourceId ? parseArmResourceId(resourceId) : undefined;
  if (!parsed || parsed.provider === null) return undefined;
  const kind = parsed.type === 'microsoft.app/containerapps' ? 'containerapp' : parsed.type === 'microsoft.web/sites' ? 'webapp' : 'other';
  return { name: parsed.name, resourceGroup: parsed.resourceGroup, kind };
}

/**
 * Reads the release facts from tool call results:
 * - Container Apps system logs: the revision created last is the current one, a deactivated one the previous;
 * - AzureActivity writes: `image` / `previousImage` tags in `Properties_d`, and the app's ARM id;
 * - requests per `AppVersion`: the version failing most is the current one, the one failing
 *   least (seen first on ties) the previous.
 */
function deploymentFacts(toolCalls: ReadonlyArray<ToolCallRecord>): DeploymentFacts {
  const facts: DeploymentFacts = { toolCallIds: [] };
  const used = (id: string): void => {
    if (!facts.toolCallIds.includes(id)) facts.toolCallIds.push(id);
  };
  let created: { at: string; name: string } | undefined;
  for (const record of toolCalls) {
    const evidence = evidenceRows(record);
    if (!evidence) continue;
    const { table, rows, toolCallId } = evidence;
    if (/^ContainerAppSystemLogs/i.test(table)) {
      for (const row of rows) {
        const reason = textOf(row, 'Reason_s');
        const revision = textOf(row, 'RevisionName_s');
        const at = timeOf(row, 'TimeGenerated') ?? '';
        if (!revision) continue;
        if (reason === 'RevisionCreation' && (!created || at > created.at)) created = { at, name: revision };
        if (reason === 'RevisionDeactivating') facts.previousRevision = revision;
        facts.app ??= appOf(textOf(row, '_ResourceId'));
        used(toolCallId);
      }
    } else if (/^AzureActivity$/i.test(table)) {
      for (const row of rows) {
        const properties = (row.Properties_d ?? {}) as Record<string, unknown>;
        const current = imageTag(textOf(properties, 'image'));
        const previous = imageTag(textOf(properties, 'previousImage'));
        if (current) facts.currentVersion ??= current;
        if (previous) facts.previousVersion ??= previous;
        const app = appOf(textOf(row, '_ResourceId', 'ResourceId'));
        if (app && app.kind !== 'other') facts.app ??= app;
        if (current || previous || app) used(toolCallId);
      }
    } else if (/^(AppRequests|requests)$/i.test(table)) {
      const versions = rows.flatMap((row) => {
        const version = textOf(row, 'AppVersion', 'application_Version');
        const rate = numberOf(row, 'failRate');
        return version && rate !== undefined ? [{ version, rate, first: timeOf(row, 'firstSeen') ?? '' }] : [];
      });
      if (versions.length >= 2) {
        const worst = [...versions].sort((a, b) => b.rate - a.rate)[0]!;
        const best = [...versions].sort((a, b) => a.rate - b.rate || a.first.localeCompare(b.first))[0]!;
        if (worst.rate > best.rate) {
          facts.currentVersion ??= worst.version;
          facts.previousVersion ??= best.version;
          used(toolCallId);
        }
      }
    }
  }
  if (created) facts.currentRevision = created.name;
  if (facts.previousRevision === facts.currentRevision) delete facts.previousRevision;
  return facts;
}

export { deploymentFacts };
export type { DeploymentFacts };
