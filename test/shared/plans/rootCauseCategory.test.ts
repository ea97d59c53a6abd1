import { ConfigError } from '../../../shared/errors';
import { parsePlanFile } from '../../../shared/plans/parsePlanFile';
import { categoryArea, ROOT_CAUSE_CATEGORIES } from '../../../shared/plans/rootCauseCategory';

const plan = (category: string, extra = ''): string => `
id: custom
title: Custom categories
${extra}
hypotheses:
  - { id: h1, title: A hypothesis, guidance: Look at the logs., rootCauseCategory: ${category} }
`;

function errorOf(action: () => unknown): ConfigError {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('root-cause categories', () => {
  it('accepts the wider built-in taxonomy beyond the bundled scenarios, e.g. dns_failure', () => {
    // Act
    const parsed = parsePlanFile('plans/dns.yaml', plan('dns_failure'));

    // Assess
    expect(parsed.hypotheses[0]!.rootCauseCategory).toBe('dns_failure');
    expect(ROOT_CAUSE_CATEGORIES).toEqual(expect.arrayContaining(['dependency_outage', 'throttling_quota', 'configuration_change', 'capacity_exhaustion', 'code_defect', 'platform_incident', 'credential_permission', 'data_issue']));
    expect(categoryArea('dns_failure')).toBe('network');
  });

  it('accepts a category the plan declares, with its area', () => {
    // Act
    const parsed = parsePlanFile('plans/batch.yaml', plan('batch_overrun', 'categories:\n  - { id: batch_overrun, area: capacity, description: The nightly batch ran into business hours. }'));

    // Assess
    expect(parsed.categories).toEqual([{ id: 'batch_overrun', area: 'capacity', description: 'The nightly batch ran into business hours.' }]);
    expect(categoryArea('batch_overrun', parsed.categories)).toBe('capacity');
  });

  it('refuses an undeclared category, the reserved undetermined, and redeclaring a built-in one, naming the field', () => {
    expect(errorOf(() => parsePlanFile('plans/x.yaml', plan('batch_overrun'))).setting).toBe('plans/x.yaml: hypotheses[0].rootCauseCategory');
    expect(errorOf(() => parsePlanFile('plans/x.yaml', plan('undetermined'))).message).toContain('not a hypothesis category');
    expect(errorOf(() => parsePlanFile('plans/x.yaml', plan('dns_failure', 'categories:\n  - { id: dns_failure, description: d }'))).setting).toBe('plans/x.yaml: categories[0].id');
  });
});
