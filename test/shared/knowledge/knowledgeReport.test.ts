import { prepareInvestigation } from '../../../shared/investigation/prepareInvestigation';
import { synthesizeInvestigationReport } from '../../../shared/investigation/synthesizeReport';
import { ZERO_USAGE } from '../../../shared/llm/tokenUsage';
import { renderReportMarkdown } from '../../../shared/report/renderReportMarkdown';
import { synthesizeDeterministicReport } from '../../../shared/report/synthesizeDeterministicReport';
import { scenarioIncident } from '../../helpers/modelInvestigation';
import { context as reportContext } from '../report/reportFixtures';

/** Deterministic mode (no model key), the bundled plans, knowledge and skills, memory in Azurite. */
const env: NodeJS.ProcessEnv = {
  ...process.env,
  AzureWebJobsStorage: process.env.TEST_STORAGE_CONNECTION_STRING,
  ANTHROPIC_API_KEY: '',
  SERVICE_CATALOG_FILE: '',
  SERVICE_CATALOG_CONTAINER: '',
  TELEMETRY_RESOURCE_GRAPH_SUBSCRIPTIONS: '',
  KNOWLEDGE_DIR: '',
  SKILLS_DIR: '',
};

describe('knowledgeUsed: the report lists the runbooks and skills the responder relied on', () => {
  it('records, in deterministic mode, the matched plan runbook and the matching skill, and the report lists both', async () => {
    // Prepare: scenario 01 (orders-api returns HTTP 5xx)
    const incident = await scenarioIncident('01_bad_deployment');

    // Act
    const context = await prepareInvestigation({ schemaVersion: 1, investigationId: 'inv-knowledge-used', incident }, env);
    const { report } = await synthesizeInvestigationReport(
      { schemaVersion: 1, investigationId: 'inv-knowledge-used', incident, context, hypotheses: [], timeline: [], startedAt: '2026-03-04T12:00:00.000Z', finishedAt: '2026-03-04T12:01:00.000Z', feedback: [], attempt: 1, synthesisUsage: ZERO_USAGE },
      env,
    );
    const markdown = renderReportMarkdown(report);

    // Assess
    expect(context.engine).toBe('deterministic');
    expect(context.plan.id).toBe('http-5xx-after-deployment');
    expect(context.knowledgeUsed.map((u) => [u.kind, u.name, u.origin])).toEqual([
      ['runbook', 'http-5xx-after-deployment.md', 'bundled'],
      ['skill', 'release-rollback-decision', 'bundled'],
    ]);
    expect(report.knowledgeUsed).toEqual(context.knowledgeUsed);
    const [runbook, skill] = context.knowledgeUsed;
    expect(markdown).toContain(
      [
        '## Knowledge used',
        '',
        `- Runbook \`http-5xx-after-deployment.md\` (bundled): listed by plan http-5xx-after-deployment; ${runbook!.chars} characters.`,
        `- Skill \`release-rollback-decision\` (bundled): ${skill!.reason}; ${skill!.chars} characters.`,
      ].join('\n'),
    );
  });

  it('marks knowledge from an operator folder and knowledge cut by the cap, and has no section when none was used', () => {
    // Prepare
    const report = synthesizeDeterministicReport({ ...reportContext, verdicts: [] });
    const used = [{ kind: 'runbook' as const, name: 'team.md', origin: 'KNOWLEDGE_DIR' as const, reason: 'listed by plan http-5xx', chars: 600, truncated: true }];

    // Act
    const withKnowledge = renderReportMarkdown({ ...report, knowledgeUsed: used });
    const without = renderReportMarkdown(report);

    // Assess
    expect(withKnowledge).toContain('- Runbook `team.md` (from KNOWLEDGE_DIR): listed by plan http-5xx; 600 characters, cut to fit the size cap.');
    expect(without).not.toContain('## Knowledge used');
  });
});
