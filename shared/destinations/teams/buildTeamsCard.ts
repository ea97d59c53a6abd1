import type { Severity } from '../../incident';
import type { EvidenceItem, InvestigationReport } from '../../report';
import type { DeliveryMessage } from '../deliveryTypes';
import { AdaptiveCardSchema, TeamsWorkflowMessageSchema, type AdaptiveCard, type CardAction, type CardElement, type TeamsWorkflowMessage } from './adaptiveCardSchema';

/**
 * Budget for the whole webhook body. Teams refuses messages above about 28 KB ("Request Entity
 * Too Large"); 27 KiB leaves room for what Power Automate adds around the card.
 */
const TEAMS_MAX_BYTES = 27 * 1024;

/** Evidence items shown before trimming; the full list is in the report. */
const MAX_EVIDENCE = 5;

/** How much text each part may keep, from generous to minimal; tried in order until the card fits. */
const TRIM_STEPS = [
  { evidence: MAX_EVIDENCE, excerpt: 600, text: 2000 },
  { evidence: 3, excerpt: 300, text: 1200 },
  { evidence: 2, excerpt: 160, text: 600 },
  { evidence: 1, excerpt: 100, text: 300 },
  { evidence: 0, excerpt: 0, text: 200 },
] as const;

type Limits = (typeof TRIM_STEPS)[number];

const SEVERITY_COLOR: Record<Severity, { color: string; style: string; icon: string }> = {
  Sev0: { color: 'Attention', style: 'attention', icon: '🔴' },
  Sev1: { color: 'Attention', style: 'attention', icon: '🔴' },
  Sev2: { color: 'Warning', style: 'warning', icon: '🟠' },
  Sev3: { color: 'Accent', style: 'accent', icon: '🔵' },
  Sev4: { color: 'Default', style: 'default', icon: '⚪' },
};

/**
 * Id of the card's last TextBlock, whose text is the delivery's marker (`ref:0123456789ab`, derived
 * from the idempotency key). A Teams post cannot be looked up, so a post repeated after a crash
 * is not prevented; this stable key makes it recognisable: the same write carries the same
 * marker, shown in the card and readable at `attachments[0].content.body[id=deliveryRef].text`
 * for a flow or consumer that deduplicates.
 */
const DELIVERY_REF_ID = 'deliveryRef';

/**
 * Builds the Workflows webhook body for a message: a report card (title in the severity colour,
 * summary, root cause and confidence, top evidence, recommended actions, buttons to the report,
 * the source incident and pending approvals), an approval card, or a resolved card that follows
 * up on the report. Returns `undefined` for kinds Teams does not get (investigation started).
 *
 * The result always passes {@link TeamsWorkflowMessageSchema} and stays under
 * {@link TEAMS_MAX_BYTES}: evidence is dropped and texts shortened step by step, never cut
 * mid-structure.
 */
function buildTeamsMessage(message: DeliveryMessage, marker: string): TeamsWorkflowMessage | undefined {
  if (message.kind === 'investigation-started') return undefined;
  for (const limits of TRIM_STEPS) {
    const envelope = wrap(cardFor(message, limits, marker));
    if (byteSize(envelope) <= TEAMS_MAX_BYTES) return TeamsWorkflowMessageSchema.parse(envelope);
  }
  // Only a title with enormous text could get here; keep the title short and the report link.
  const minimal: AdaptiveCard = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.5',
    body: [{ type: 'TextBlock', text: clip(message.incident.title, 200), weight: 'Bolder', wrap: true }, deliveryRef(marker)],
    actions: buttons(message),
  };
  return TeamsWorkflowMessageSchema.parse(wrap(minimal));
}

function wrap(card: AdaptiveCard): TeamsWorkflowMessage {
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: AdaptiveCardSchema.parse(card) }] };
}

function deliveryRef(marker: string): CardElement {
  return { type: 'TextBlock', id: DELIVERY_REF_ID, text: marker, isSubtle: true, size: 'Small', wrap: true, separator: true };
}

function cardFor(message: DeliveryMessage, limits: Limits, marker: string): AdaptiveCard {
  const severity = SEVERITY_COLOR[message.incident.severity];
  const report = message.report;
  const body: CardElement[] = [];
  const heading =
    message.kind === 'resolved'
      ? `✅ Resolved: ${message.incident.title}`
      : message.kind === 'approval-requested'
        ? `⏳ Approval needed: ${message.incident.title}`
        : message.kind === 'task-failed'
          ? `❌ ${message.incident.title}`
          : `${severity.icon} ${message.incident.severity} · ${message.incident.title}`;
  body.push({
    type: 'Container',
    style: message.kind === 'resolved' ? 'good' : severity.style,
    bleed: true,
    items: [
      { type: 'TextBlock', text: clip(heading, 300), size: 'Large', weight: 'Bolder', wrap: true, color: message.kind === 'resolved' ? 'Good' : severity.color, style: 'heading' },
      { type: 'TextBlock', text: subtitle(message), isSubtle: true, wrap: true, spacing: 'None' },
    ],
  });

  if (message.kind === 'approval-requested' && message.approval) {
    body.push({
      type: 'FactSet',
      facts: [
        { title: 'Tool call', value: clip(message.approval.invocation, limits.text) },
        ...(message.approval.reason ? [{ title: 'Why', value: clip(message.approval.reason, limits.text) }] : []),
      ],
    });
  }

  if (report && message.kind !== 'approval-requested') {
    body.push({ type: 'TextBlock', text: clip(report.summary, limits.text), wrap: true });
    body.push({
      type: 'FactSet',
      facts: [
        { title: 'Root cause', value: report.rootCause ? clip(report.rootCause, limits.text) : 'Undetermined' },
        { title: 'Confidence', value: `${Math.round(report.confidence * 100)}%` },
        ...(report.rootCauseCategory ? [{ title: 'Category', value: report.rootCauseCategory }] : []),
        { title: 'Plan', value: `${report.planId} (${report.mode})` },
        ...(message.incident.resources[0] ? [{ title: 'Resource', value: message.incident.resources[0].name }] : []),
        ...(report.target ? [{ title: 'Target', value: clip(targetFact(report.target), limits.text) }] : []),
      ],
    });
    if (message.kind === 'report') {
      const evidence = report.evidence.slice(0, limits.evidence);
      if (evidence.length > 0) {
        body.push({ type: 'TextBlock', text: 'Top evidence', weight: 'Bolder', separator: true, wrap: true });
        for (const item of evidence) body.push(...evidenceBlocks(item, limits.excerpt));
        const hidden = report.evidence.length - evidence.length;
        if (hidden > 0) body.push({ type: 'TextBlock', text: `${hidden} more in the full report.`, isSubtle: true, wrap: true });
      }
      if (report.recommendedActions.length > 0) {
        const label = report.mode === 'review' ? 'Recommended actions (proposals: a human decides)' : 'Recommended actions';
        body.push({ type: 'TextBlock', text: label, weight: 'Bolder', separator: true, wrap: true });
        report.recommendedActions.slice(0, 5).forEach((action, index) => {
          body.push({ type: 'TextBlock', text: clip(`${index + 1}. ${action.action}`, Math.min(limits.text, 500)), wrap: true, spacing: 'Small' });
        });
      }
    }
  }
  body.push(deliveryRef(marker));
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.5',
    msteams: { width: 'Full' },
    fallbackText: clip(heading, 300),
    body,
    actions: buttons(message),
  };
}

function evidenceBlocks(item: EvidenceItem, excerpt: number): CardElement[] {
  const head: CardElement = { type: 'TextBlock', text: clip(`${item.tool} · ${item.status} · ${item.toolCallId}`, 200), weight: 'Bolder', size: 'Small', wrap: true, spacing: 'Small' };
  if (excerpt === 0) return [head];
  const query = item.links?.find((link) => link.rel === 'query');
  return [
    head,
    { type: 'TextBlock', text: clip(item.resultExcerpt || '(no excerpt)', excerpt), fontType: 'Monospace', size: 'Small', isSubtle: true, wrap: true, maxLines: 6, spacing: 'None' },
    // A link is never clipped: a cut URL opens the wrong thing.
    ...(query ? [{ type: 'TextBlock', text: `[Open the query in Log Analytics](${query.url})`, size: 'Small', wrap: true, spacing: 'None' } as CardElement] : []),
  ];
}

/** The report's target in one line: the service and its telemetry, or that it is unknown. */
function targetFact(target: NonNullable<InvestigationReport['target']>): string {
  if (target.status === 'unknown') return 'Unknown: no resource, workspace or component could be tied to the incident (confidence capped)';
  const telemetry = [target.appInsights?.name, target.workspace?.name].filter((name): name is string => Boolean(name)).join(', ') || 'no telemetry resolved';
  return `${target.service ?? target.resources[0]?.id.split('/').pop() ?? 'resolved'} (${target.method}): ${telemetry}`;
}

function subtitle(message: DeliveryMessage): string {
  const parts = [message.incident.source, message.incident.service ?? message.incident.rule?.name ?? ''].filter((p) => p.length > 0);
  if (message.kind === 'resolved') parts.push(message.occurredAt ? `resolved ${message.occurredAt}` : 'resolved');
  parts.push(`investigation ${message.investigationId}`);
  return clip(parts.join(' · '), 300);
}

function buttons(message: DeliveryMessage): CardAction[] {
  const out: CardAction[] = [{ type: 'Action.OpenUrl', title: message.kind === 'approval-requested' && !message.report ? 'Open investigation' : 'Open report', url: message.links.report, style: 'positive' }];
  if (message.links.incident) out.push({ type: 'Action.OpenUrl', title: `Open in ${sourceLabel(message.incident.source)}`, url: message.links.incident });
  if (message.links.approvals && message.kind !== 'resolved') out.push({ type: 'Action.OpenUrl', title: 'Review pending approvals', url: message.links.approvals });
  return out;
}

function sourceLabel(source: DeliveryMessage['incident']['source']): string {
  return { 'azure-monitor': 'Azure Monitor', 'event-grid': 'Azure', pagerduty: 'PagerDuty', servicenow: 'ServiceNow', schedule: 'the scheduler' }[source];
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** UTF-8 size of the JSON body as it is sent. */
function byteSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

export { buildTeamsMessage, byteSize, TEAMS_MAX_BYTES, DELIVERY_REF_ID };
