import { usageOf } from '../../../shared/llm/pricing';
import { assembleReport } from '../../../shared/report/assembleReport';
import { renderReportJson, renderReportMarkdown } from '../../../shared/report/renderReportMarkdown';
import { synthesizeDeterministicReport } from '../../../shared/report/synthesizeDeterministicReport';
import { context, verdict } from './reportFixtures';

describe('renderReportMarkdown', () => {
  it('says plainly in Markdown that no model was used, and labels actions as proposals', () => {
    // Prepare
    const report = synthesizeDeterministicReport({ ...context, verdicts: [verdict('deploy', 'supported', 0.85, ['deploy:c1'])] });

    // Act
    const markdown = renderReportMarkdown(report);

    // Assess
    expect(markdown).toContain('**No model was used.**');
    expect(markdown).toContain('1. **Proposal** (review mode, needs a human decision): Roll back to the previous revision.');
    expect(markdown).toContain('### `deploy:c1`: app_insights_query (success, 2026-03-04T11:00:00Z to 2026-03-04T12:00:00Z)');
    expect(markdown).toContain('| Cold start (`noise`) | noise_cold_start | inconclusive | 0% | - | No result: this hypothesis was not investigated. |');
    expect(markdown).toContain('- Model calls: 0 (deterministic mode)');
    expect(JSON.parse(renderReportJson(report))).toEqual(report);
  });

  it('names the model and its cost when one was used', () => {
    // Prepare
    const used = usageOf('claude-sonnet-5-5', { inputTokens: 10_000, outputTokens: 1000, cacheReadInputTokens: 50_000, cacheCreationInputTokens: 5000 });
    const report = assembleReport(
      { ...context, model: 'claude-sonnet-5-5', verdicts: [{ ...verdict('deploy', 'supported', 0.9, ['deploy:c1']), decidedBy: 'model', usage: used }] },
      { summary: 'Release 2.5.0 broke order creation.', rootCause: 'Release 2.5.0', rootCauseCategory: 'bad_deployment', confidence: 0.9, recommendedActions: [{ action: 'Roll back.' }] },
    );

    // Act
    const markdown = renderReportMarkdown(report);

    // Assess
    expect(markdown).toContain('Investigated by the model `claude-sonnet-5-5`');
    expect(markdown).not.toContain('No model was used');
    expect(markdown).toContain(`- Estimated cost: $${used.costUsd.toFixed(4)}`);
  });
});
