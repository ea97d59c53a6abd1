import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../../../shared/errors';
import { deliveryMarkerOf } from '../../../../shared/destinations/deliveryKey';
import { noteText } from '../../../../shared/destinations/deliveryText';
import { TeamsWorkflowMessageSchema, type TeamsWorkflowMessage } from '../../../../shared/destinations/teams/adaptiveCardSchema';
import { buildTeamsMessage, byteSize, TEAMS_MAX_BYTES } from '../../../../shared/destinations/teams/buildTeamsCard';
import { renderTeamsCardPreview } from '../../../../shared/destinations/teams/renderTeamsCardPreview';
import { TeamsDestination } from '../../../../shared/destinations/teams/teamsDestination';
import { teamsSettings } from '../../../../shared/destinations/teams/teamsSettings';
import { deliveryRefOf, startTeamsWorkflowFake, type TeamsWorkflowFake } from '../../../helpers/fakes/teamsWorkflowFake';
import { fastRuntime, message, report } from '../destinationFixtures';

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, '../../../../../test/shared/destinations/fixtures', name), 'utf8'));

function hugeReport() {
  const big = 'x'.repeat(20_000);
  return report({
    summary: `Summary ${big}`,
    rootCause: `Root ${big}`,
    evidence: Array.from({ length: 40 }, (_, i) => ({ toolCallId: `h:c${i}`, hypothesisId: 'h', tool: 'log_analytics_query', query: big, status: 'success' as const, resultExcerpt: `row ${i} ${big}` })),
    recommendedActions: Array.from({ length: 30 }, (_, i) => ({ action: `Action ${i} ${big}`, proposal: true })),
  });
}

describe('Teams cards', () => {
  it('accepts the published Workflows card examples with the schema written from Adaptive Cards 1.5', () => {
    // Act
    const card = TeamsWorkflowMessageSchema.safeParse(fixture('workflow-adaptive-card.json'));
    const resolved = TeamsWorkflowMessageSchema.safeParse(fixture('workflow-resolved-card.json'));

    // Assess
    expect(card.success).toBe(true);
    expect(resolved.success).toBe(true);
  });

  it('refuses cards Teams cannot render from a webhook: a version above 1.5, Action.Submit, unknown properties', () => {
    // Prepare
    const base = fixture('workflow-adaptive-card.json') as TeamsWorkflowMessage;
    const withContent = (patch: object): unknown => ({ ...base, attachments: [{ ...base.attachments[0]!, content: { ...base.attachments[0]!.content, ...patch } }] });

    // Act
    const results = [
      withContent({ version: '1.6' }),
      withContent({ actions: [{ type: 'Action.Submit', title: 'Approve', data: {} }] }),
      withContent({ body: [{ type: 'TextBlock', text: 'x', colour: 'Good' }] }),
      withContent({ body: [{ type: 'TextBlock', text: 'x', color: 'Purple' }] }),
    ].map((candidate) => TeamsWorkflowMessageSchema.safeParse(candidate).success);

    // Assess
    expect(results).toEqual([false, false, false, false]);
  });

  it('builds a report card with title, severity colour, root cause, confidence, evidence, actions and the three buttons', () => {
    // Prepare
    const msg = message({ links: { report: 'https://r.example.com/report', incident: 'https://portal.azure.com/#alert', approvals: 'https://r.example.com/approvals' } });

    // Act
    const body = buildTeamsMessage(msg, 'ref:0123456789ab')!;
    const card = body.attachments[0]!.content;
    const text = JSON.stringify(card);

    // Assess
    expect(TeamsWorkflowMessageSchema.safeParse(body).success).toBe(true);
    expect(card.version).toBe('1.5');
    expect(card.body![0]).toMatchObject({ type: 'Container', style: 'attention' });
    expect(text).toContain('"color":"Attention"');
    expect(text).toContain(msg.report!.rootCause!);
    expect(text).toContain('"value":"82%"');
    expect(text).toContain('deploy:c1');
    expect(text).toContain('Roll back checkout-api to 2.4.9.');
    expect(card.actions!.map((a) => (a.type === 'Action.OpenUrl' ? a.url : ''))).toEqual(['https://r.example.com/report', 'https://portal.azure.com/#alert', 'https://r.example.com/approvals']);
  });

  it('keeps a card from a huge report valid and under 28 KB by trimming evidence and text', () => {
    // Prepare
    const msg = message({ report: hugeReport() });

    // Act
    const body = buildTeamsMessage(msg, 'ref:0123456789ab')!;

    // Assess
    expect(byteSize(body)).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
    expect(byteSize(body)).toBeLessThan(28 * 1024);
    expect(TeamsWorkflowMessageSchema.safeParse(body).success).toBe(true);
    expect(JSON.stringify(body)).toContain('more in the full report');
    expect(body.attachments[0]!.content.actions![0]).toMatchObject({ type: 'Action.OpenUrl', title: 'Open report' });
  });

  it('announces a scheduled task that stopped after failed runs with a card titled by the notice, and a note naming it', () => {
    // Prepare
    const notice = message({ kind: 'task-failed', report: undefined, incident: { ...message().incident, source: 'schedule', title: 'Scheduled task nightly failed 3 runs in a row and stopped until resumed: Nightly check' } });

    // Act
    const card = buildTeamsMessage(notice, 'ref:0123456789ab');

    // Assess
    expect(TeamsWorkflowMessageSchema.safeParse(card).success).toBe(true);
    expect(JSON.stringify(card)).toContain('❌ Scheduled task nightly failed 3 runs in a row');
    expect(noteText(notice, 'ref:0123456789ab').split('\n')[0]).toBe('[incident-responder] Scheduled task nightly failed 3 runs in a row and stopped until resumed: Nightly check');
  });

  it('follows up with a resolved card and renders a readable Markdown preview', () => {
    // Prepare
    const msg = message({ kind: 'resolved', occurredAt: '2026-03-04T09:40:12Z' });

    // Act
    const body = buildTeamsMessage(msg, 'ref:0123456789ab')!;
    const preview = renderTeamsCardPreview(body);

    // Assess
    expect(body.attachments[0]!.content.body![0]).toMatchObject({ style: 'good' });
    expect(preview).toContain('## ✅ Resolved: checkout-api-p95-latency-high');
    expect(preview).toContain('- **Root cause**: Release 2.5.0 added a synchronous call to the pricing service');
    expect(preview).toContain('[Open report](https://responder.example.com/api/investigations/inv-1/report)');
    expect(preview).toMatch(/Adaptive Card 1\.5, \d+ bytes as sent/);
  });
});

describe('Teams destination', () => {
  let fake: TeamsWorkflowFake;

  beforeEach(async () => {
    fake = await startTeamsWorkflowFake('s3cr3t-sig');
  });

  afterEach(async () => {
    await fake.close();
  });

  it('posts the card to the workflow and treats its 202 as delivered', async () => {
    // Prepare
    const destination = new TeamsDestination({ TEAMS_WORKFLOW_URL: fake.workflowUrl }, fastRuntime());

    // Act
    const result = await destination.deliver(message({ report: hugeReport() }), { idempotencyKey: 'k', marker: deliveryMarkerOf('k'), recovering: false, completedSteps: new Set(), completeStep: () => Promise.resolve() });

    // Assess
    expect(result).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(fake.posted).toHaveLength(1);
    expect(TeamsWorkflowMessageSchema.safeParse(fake.posted[0]).success).toBe(true);
    expect(fake.requests[0]!.headers['content-type']).toBe('application/json');
  });

  it('marks every post of the same write with the same key, shown in the card, so a repeat after a crash is recognisable', async () => {
    // Prepare: a report card whose first post was not recorded (a crash), so the retry posts again
    const destination = new TeamsDestination({ TEAMS_WORKFLOW_URL: fake.workflowUrl }, fastRuntime());
    const ctx = (key: string, recovering: boolean) => ({ idempotencyKey: key, marker: deliveryMarkerOf(key), recovering, completedSteps: new Set<string>(), completeStep: () => Promise.resolve() });
    const msg = message();

    // Act
    await destination.deliver(msg, ctx('inv-1:teams:report', false));
    await destination.deliver(msg, ctx('inv-1:teams:report', true));
    await destination.deliver({ ...msg, kind: 'resolved' }, ctx('inv-1:teams:resolved', false));

    // Assess: the two posts of the report carry its key, the resolved card its own
    expect(fake.failedRuns).toEqual([]);
    expect(fake.posted.map(deliveryRefOf)).toEqual([deliveryMarkerOf('inv-1:teams:report'), deliveryMarkerOf('inv-1:teams:report'), deliveryMarkerOf('inv-1:teams:resolved')]);
    expect(renderTeamsCardPreview(fake.posted[0] as TeamsWorkflowMessage)).toContain(deliveryMarkerOf('inv-1:teams:report'));
  });

  it('rejects a legacy Office 365 connector URL at startup and says why', () => {
    // Prepare
    const legacy = 'https://contoso.webhook.office.com/webhookb2/abc@def/IncomingWebhook/123/456';

    // Act
    const fromSettings = (): unknown => teamsSettings.load({ TEAMS_WORKFLOW_URL: legacy });
    const fromReference = (): unknown => new TeamsDestination({ TEAMS_WORKFLOW_URL: '${env:TEAMS_URL_SECRET}' }, fastRuntime(), { TEAMS_URL_SECRET: legacy });

    // Assess
    expect(fromSettings).toThrow(ConfigError);
    expect(fromSettings).toThrow(/Office 365 connector.*retired.*When a Teams webhook request is received/);
    expect(fromSettings).not.toThrow(/IncomingWebhook\/123/);
    expect(fromReference).toThrow(/TEAMS_WORKFLOW_URL: is an Office 365 connector incoming webhook/);
  });

  it('accepts Workflows hosts only, unless test hosts are allowed', () => {
    // Act
    const build = (url: string): TeamsDestination => new TeamsDestination({ TEAMS_WORKFLOW_URL: url }, fastRuntime({ allowTestHosts: false }));

    // Assess
    expect(build('https://prod-12.westeurope.logic.azure.com/workflows/1/triggers/manual/paths/invoke?sig=x').isConfigured()).toBe(true);
    expect(build('https://default1.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/1?sig=x').isConfigured()).toBe(true);
    expect(() => build('https://attacker.example.net/hook')).toThrow(/not allowed/);
  });
});
