import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { settingsCatalog } from '../../shared/config/catalog';
import { DeliveryMessageSchema, buildTeamsMessage, deliveryKeyOf, deliveryMarkerOf, renderTeamsCardPreview, type DeliveryMessage } from '../../shared/destinations';
import { noteText } from '../../shared/destinations/deliveryText';
import { createAppRedactor, governanceSettings } from '../../shared/governance';
import type { Incident } from '../../shared/incident';
import type { InvestigationReport } from '../../shared/report/reportSchema';
import { createSourceAdapter } from '../../shared/sources';
import { investigationPageUrl } from '../../shared/dashboard/dashboardLinks';

/** What the demo wrote for one scenario's report, and where. */
interface WriteBackPreview {
  scenarioId: string;
  /** `<out>/<scenario>`, `.devhost/demo/<scenario>` under the app folder by default. */
  dir: string;
  /** The Workflows webhook body exactly as the Teams destination would POST it. */
  teamsCardJsonPath: string;
  /** A Markdown rendering of that card, to read without Teams. */
  teamsCardMarkdownPath: string;
  /** The note the PagerDuty destination (and ServiceNow, as a work note) would add. */
  pagerDutyNotePath: string;
  /** The Markdown preview, for printing an excerpt. */
  cardPreview: string;
}

/** Inputs of {@link writeWriteBackPreview}. */
interface WriteBackPreviewInput {
  /** The folder the previews go to, one folder per scenario (`--out`, `.devhost/demo` by default). */
  outDir: string;
  scenarioId: string;
  /** The common-alert-schema payload the demo fired for the scenario. */
  alert: Record<string, unknown>;
  report: InvestigationReport;
  /** The devhost base URL, for the report link the notes and cards carry. */
  baseUrl: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * The incident the alert became: the demo fires the raw alert, so it parses it again with the
 * same Azure Monitor adapter the ingest route uses.
 */
async function incidentOfAlert(alert: Record<string, unknown>, baseUrl: string): Promise<Incident> {
  const outcomes = await createSourceAdapter('azure-monitor', {}).parse({ url: `${baseUrl}/api/ingest/azure-monitor`, headers: { 'content-type': 'application/json' }, rawBody: JSON.stringify(alert) });
  const found = outcomes.find((o) => o.kind === 'incident');
  if (found?.kind !== 'incident') throw new Error('the scenario alert is not an incident');
  return found.incident;
}

/**
 * The `report` message the orchestration hands to every destination, rebuilt from the report and
 * the incident. The link carries no function key, as in the app (`PUBLIC_BASE_URL` plus the
 * path); the plan's state-change actions stay off because they change neither card nor note.
 */
function reportMessageOf(incident: Incident, report: InvestigationReport, baseUrl: string): DeliveryMessage {
  return DeliveryMessageSchema.parse({
    schemaVersion: 1,
    kind: 'report',
    investigationId: report.investigationId,
    incident,
    report,
    links: { report: investigationPageUrl(baseUrl, report.investigationId), ...(incident.links[0] ? { incident: incident.links[0].url } : {}) },
    mode: report.mode,
    planActions: {},
    occurredAt: report.timings.finishedAt,
  });
}

/**
 * Writes what write-back would send for a scenario's report, without sending anything:
 * `teams-card.json` (the webhook body), `teams-card.md` (its preview) and `pagerduty-note.txt`
 * (the note with the marker a retry looks for). Redacted like the write-back activity does, so
 * the files show what would leave the app.
 */
async function writeWriteBackPreview(input: WriteBackPreviewInput): Promise<WriteBackPreview> {
  const env = input.env ?? process.env;
  const governance = governanceSettings.load(env);
  const redactor = createAppRedactor(settingsCatalog, { literals: governance.GOVERNANCE_REDACT_LITERALS, patterns: governance.GOVERNANCE_REDACT_PATTERNS }, env);
  const incident = await incidentOfAlert(input.alert, input.baseUrl);
  const message = redactor.redactDeep(reportMessageOf(incident, input.report, input.baseUrl));
  const card = buildTeamsMessage(message, deliveryMarkerOf(deliveryKeyOf(message.investigationId, 'teams', 'report')));
  if (!card) throw new Error('Teams gets no card for a report message');
  const cardPreview = renderTeamsCardPreview(card);
  const note = noteText(message, deliveryMarkerOf(deliveryKeyOf(message.investigationId, 'pagerduty', 'report')));

  const dir = join(input.outDir, input.scenarioId);
  await mkdir(dir, { recursive: true });
  const preview: WriteBackPreview = {
    scenarioId: input.scenarioId,
    dir,
    teamsCardJsonPath: join(dir, 'teams-card.json'),
    teamsCardMarkdownPath: join(dir, 'teams-card.md'),
    pagerDutyNotePath: join(dir, 'pagerduty-note.txt'),
    cardPreview,
  };
  await Promise.all([
    writeFile(preview.teamsCardJsonPath, `${JSON.stringify(card, null, 2)}\n`, 'utf8'),
    writeFile(preview.teamsCardMarkdownPath, cardPreview, 'utf8'),
    writeFile(preview.pagerDutyNotePath, `${note}\n`, 'utf8'),
  ]);
  return preview;
}

/** The lines under a report summary that say where the card and note are, relative to `fromDir`. */
function formatWriteBackPreview(preview: WriteBackPreview, fromDir: string): string {
  return [
    `   teams card  ${relative(fromDir, preview.teamsCardJsonPath)}  (preview ${relative(fromDir, preview.teamsCardMarkdownPath)})`,
    `   note        ${relative(fromDir, preview.pagerDutyNotePath)}  (PagerDuty note, ServiceNow work note)`,
  ].join('\n');
}

/** The first `lines` lines of a card preview, indented and quoted so they read as an excerpt. */
function cardPreviewExcerpt(preview: WriteBackPreview, fromDir: string, lines = 14): string {
  const all = preview.cardPreview.trimEnd().split('\n');
  const shown = all.slice(0, lines).map((line) => `   | ${line}`.trimEnd());
  if (all.length > lines) shown.push(`   | … ${all.length - lines} more line(s) in ${relative(fromDir, preview.teamsCardMarkdownPath)}`);
  return shown.join('\n');
}

export { writeWriteBackPreview, formatWriteBackPreview, cardPreviewExcerpt, reportMessageOf };
export type { WriteBackPreview, WriteBackPreviewInput };
