import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../../../shared/errors';
import { decideToolUse, parseRuleFile, ruleSetsFor } from '../../../../shared/governance';
import { repoRoot } from '../../../helpers/devhostProcess';

function errorOf(text: string): ConfigError {
  try {
    parseRuleFile('config/rules.yaml', text);
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error('expected the rules file to be refused');
}

describe('parseRuleFile', () => {
  it('reads global and plan rules with their lines', () => {
    // Act
    const file = parseRuleFile('rules.yaml', 'rules:\n  - deny: azure_cli(az * delete *)\n    reason: never\nplans:\n  db:\n    - allow: azure_cli(az postgres *)\n');

    // Assess
    expect(file.global.rules).toEqual([{ effect: 'deny', pattern: 'azure_cli(az * delete *)', reason: 'never', line: 2 }]);
    expect(file.plans.db?.rules[0]).toMatchObject({ effect: 'allow', line: 6 });
    expect(ruleSetsFor(file, 'db').map((s) => s.scope)).toEqual(['global', 'plan']);
  });

  it('names the file and line of a rule with two effects', () => {
    const error = errorOf('rules:\n  - allow: log_analytics_query(*)\n  - allow: a(*)\n    deny: b(*)\n');
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.setting).toBe('config/rules.yaml:3');
    expect(error.message).toContain('exactly one of allow, ask or deny');
  });

  it('names the file and line of a malformed pattern', () => {
    const error = errorOf('rules:\n  - allow: log_analytics_query(*)\n\n  - deny: "azure cli(az *"\n');
    expect(error.setting).toBe('config/rules.yaml:4');
  });

  it('names the line of a YAML syntax error', () => {
    const error = errorOf('rules:\n  - allow: a(*)\n   - deny: [b\n');
    expect(error.setting).toMatch(/^config\/rules\.yaml:\d+$/);
    expect(error.message).toContain('invalid YAML');
  });

  it('refuses a literal secret in the file', () => {
    const error = errorOf('rules:\n  - allow: http_probe(url=https://u:hunter2hunter2@example.com/*)\n');
    expect(error.setting).toBe('config/rules.yaml:2');
    expect(error.message).toContain('${env:NAME}');
  });

  it('parses the shipped config/rules.yaml and denies deletions with it', () => {
    const file = parseRuleFile('config/rules.yaml', readFileSync(join(repoRoot, 'config', 'rules.yaml'), 'utf8'));
    const decision = decideToolUse({ tool: { name: 'azure_cli', readOnly: false }, args: { command: 'az group delete -n rg' }, rules: ruleSetsFor(file, 'default'), mode: 'autonomous' });
    expect(decision.decision).toBe('deny');
  });
});
