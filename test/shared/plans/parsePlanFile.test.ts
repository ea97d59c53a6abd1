import { ConfigError } from '../../../shared/errors';
import { parsePlanFile } from '../../../shared/plans/parsePlanFile';
import { DEFAULT_HYPOTHESIS_BUDGET } from '../../../shared/plans/planSchema';

const MINIMAL = `
id: minimal
title: Minimal plan
hypotheses:
  - id: h1
    title: A hypothesis
    guidance: Look at the logs.
    rootCauseCategory: bad_deployment
`;

function configErrorOf(action: () => unknown): ConfigError {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parsePlanFile', () => {
  it('parses a YAML plan and fills in the documented defaults', () => {
    // Act
    const plan = parsePlanFile('plans/minimal.yaml', MINIMAL);

    // Assess
    expect(plan).toMatchObject({ schemaVersion: 1, id: 'minimal', mode: 'review', priority: 0, match: {}, allowedTools: [] });
    expect(plan.budgets.perHypothesis).toEqual(DEFAULT_HYPOTHESIS_BUDGET);
    expect(plan.hypotheses[0]).toMatchObject({ checks: [], verdictRules: [], recommendedActions: [] });
  });

  it('keeps budget fields a plan sets and defaults the others', () => {
    // Prepare
    const text = `${MINIMAL}budgets:\n  perHypothesis: { maxTurns: 3 }\n`;

    // Act
    const plan = parsePlanFile('plans/minimal.yaml', text);

    // Assess
    expect(plan.budgets.perHypothesis).toEqual({ ...DEFAULT_HYPOTHESIS_BUDGET, maxTurns: 3 });
  });

  it('turns the Markdown body into guidance after the front matter guidance', () => {
    // Prepare
    const text = `---\n${MINIMAL.trim()}\nguidance: From front matter.\n---\n\n# Notes\nPrefer rollbacks.\n`;

    // Act
    const plan = parsePlanFile('plans/minimal.md', text);

    // Assess
    expect(plan.guidance).toBe('From front matter.\n\n# Notes\nPrefer rollbacks.');
  });

  it('names the file and the field path when a field is wrong', () => {
    // Prepare
    const text = MINIMAL.replace('rootCauseCategory: bad_deployment', 'rootCauseCategory: gremlins');

    // Act
    const error = configErrorOf(() => parsePlanFile('plans/minimal.yaml', text));

    // Assess
    expect(error.setting).toBe('plans/minimal.yaml: hypotheses[0].rootCauseCategory');
    expect(error.message).toContain('bad_deployment');
  });

  it('rejects a check whose tool is not in allowedTools, naming the check', () => {
    // Prepare
    const text = `${MINIMAL}    checks:\n      - id: c1\n        tool: log_analytics_query\n    verdictRules:\n      - { when: "true", verdict: supported, confidence: 0.5, summary: yes }\n`;

    // Act
    const error = configErrorOf(() => parsePlanFile('p.yaml', text));

    // Assess
    expect(error.setting).toBe('p.yaml: hypotheses[0].checks[0].tool');
    expect(error.message).toContain("tool 'log_analytics_query' is not in allowedTools");
  });

  it('rejects a verdict rule whose JSONata does not compile, at load time', () => {
    // Prepare
    const text = `${MINIMAL}allowedTools: [app_insights_query]\n`.replace(
      'rootCauseCategory: bad_deployment',
      'rootCauseCategory: bad_deployment\n    checks: [{ id: c1, tool: app_insights_query }]\n    verdictRules: [{ when: "checks.c1.rowCount >", verdict: supported, confidence: 0.5, summary: yes }]',
    );

    // Act
    const error = configErrorOf(() => parsePlanFile('p.yaml', text));

    // Assess
    expect(error.setting).toBe('p.yaml: hypotheses[0].verdictRules[0].when');
  });

  it('rejects invalid YAML with the line of the problem', () => {
    // Act
    const error = configErrorOf(() => parsePlanFile('broken.yaml', 'id: x\ntitle: [unclosed\n'));

    // Assess
    expect(error.setting).toBe('broken.yaml');
    expect(error.message).toMatch(/not valid YAML \(line \d+/);
  });

  it('rejects a Markdown plan without front matter', () => {
    // Act
    const error = configErrorOf(() => parsePlanFile('notes.md', '# Just notes\n'));

    // Assess
    expect(error.message).toContain('front matter');
  });

  it('rejects unknown fields so typos do not pass silently', () => {
    // Act
    const error = configErrorOf(() => parsePlanFile('p.yaml', `${MINIMAL}priorty: 5\n`));

    // Assess
    expect(error.message).toContain('priorty');
  });
});
