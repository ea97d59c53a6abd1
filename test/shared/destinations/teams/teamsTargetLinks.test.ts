import { noteText } from '../../../../shared/destinations/deliveryText';
import { buildTeamsMessage } from '../../../../shared/destinations/teams/buildTeamsCard';
import type { ResolvedTarget } from '../../../../shared/targets/resolvedTarget';
import { message, report } from '../destinationFixtures';

const QUERY_URL = 'https://portal.azure.com/#blade/Microsoft_Azure_Monitoring_Logs/LogsBlade/resourceId/%2Fsubscriptions%2Fx/source/LogsBlade.AnalyticsShareLinkToQuery/q/H4sI/timespan/PT60M';
const resolved: ResolvedTarget = {
  status: 'resolved',
  method: 'catalog',
  service: 'checkout-api',
  matchedBy: 'PagerDuty service id PX7KQ2M',
  resources: [],
  workspace: { name: 'law-checkout-prod', how: 'catalog service checkout-api' },
  appInsights: { name: 'appi-checkout-prod', how: 'catalog service checkout-api' },
  roleNames: [],
  gaps: [],
};

describe('Teams cards and notes with the target and evidence links', () => {
  it('shows the resolved target and links each evidence item to its query in the portal', () => {
    // Prepare
    const base = report();
    const withLinks = report({ target: resolved, evidence: base.evidence.map((item) => ({ ...item, links: [{ rel: 'query' as const, title: 'Open the query', url: QUERY_URL }] })) });

    // Act
    const card = buildTeamsMessage(message({ report: withLinks }), 'ref:0123456789ab')!.attachments[0]!.content;
    const text = JSON.stringify(card);

    // Assess
    expect(text).toContain('"title":"Target","value":"checkout-api (catalog): appi-checkout-prod, law-checkout-prod"');
    expect(text).toContain(JSON.stringify(`[Open the query in Log Analytics](${QUERY_URL})`));
  });

  it('says plainly on the card and in the note when the target is unknown', () => {
    // Prepare
    const unknown = report({ target: { ...resolved, status: 'unknown', method: 'unknown', service: null, matchedBy: null, workspace: null, appInsights: null }, confidence: 0.3 });
    const msg = message({ report: unknown });

    // Act
    const card = JSON.stringify(buildTeamsMessage(msg, 'ref:0123456789ab')!.attachments[0]!.content);
    const note = noteText(msg, 'marker-1');

    // Assess
    expect(card).toContain('Unknown: no resource, workspace or component could be tied to the incident (confidence capped)');
    expect(note).toContain('Target unknown: no resource, workspace or component could be tied to this incident; see the gaps in the report.');
  });
});
