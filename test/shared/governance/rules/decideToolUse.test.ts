import { decideToolUse, type RuleSet } from '../../../../shared/governance';

const azureCli = { name: 'azure_cli', readOnly: false };
const logs = { name: 'log_analytics_query', readOnly: true };

function set(scope: RuleSet['scope'], rules: RuleSet['rules']): RuleSet {
  return { scope, source: `${scope}.yaml`, rules };
}

describe('decideToolUse', () => {
  it('lets a deny at global scope win over an allow at investigation scope', () => {
    // Prepare
    const rules = [set('global', [{ effect: 'deny', pattern: 'azure_cli(az * delete *)', line: 3 }]), set('investigation', [{ effect: 'allow', pattern: 'azure_cli(*)' }])];

    // Act
    const result = decideToolUse({ tool: azureCli, args: { command: 'az group delete -n rg1' }, rules, mode: 'autonomous' });

    // Assess
    expect(result.decision).toBe('deny');
    expect(result.matchedRule).toMatchObject({ scope: 'global', line: 3 });
    expect(result.reason).toContain('global.yaml:3');
  });

  it('lets a deny at a narrow scope win over an allow at global scope', () => {
    const rules = [set('global', [{ effect: 'allow', pattern: 'azure_cli(*)' }]), set('plan', [{ effect: 'deny', pattern: 'azure_cli(az webapp *)' }])];
    expect(decideToolUse({ tool: azureCli, args: { command: 'az webapp stop -n a' }, rules, mode: 'review' }).decision).toBe('deny');
    expect(decideToolUse({ tool: azureCli, args: { command: 'az monitor metrics list' }, rules, mode: 'review' }).decision).toBe('allow');
  });

  it('matches the normalised command, not the raw text', () => {
    // Prepare: extra spaces and quotes must not dodge the rule.
    const rules = [set('global', [{ effect: 'deny', pattern: 'azure_cli(az * delete *)' }])];

    // Act
    const spaced = decideToolUse({ tool: azureCli, args: { command: '  az   group  "delete"   --name rg1 ' }, rules, mode: 'autonomous' });
    const bare = decideToolUse({ tool: azureCli, args: { command: 'az group delete' }, rules, mode: 'autonomous' });

    // Assess
    expect(spaced.decision).toBe('deny');
    expect(spaced.canonical).toBe('azure_cli(az group delete --name rg1)');
    expect(bare.decision).toBe('deny');
  });

  it('allows read-only tools and asks for write tools when no rule matches', () => {
    expect(decideToolUse({ tool: logs, args: { query: 'AppRequests' }, rules: [], mode: 'review' }).decision).toBe('allow');
    expect(decideToolUse({ tool: azureCli, args: { command: 'az webapp restart -n a' }, rules: [], mode: 'review' }).decision).toBe('ask');
  });

  it('lets autonomous mode run unruled writes but keeps explicit asks and denies', () => {
    const rules = [set('global', [{ effect: 'ask', pattern: 'azure_cli(az webapp restart *)' }, { effect: 'deny', pattern: 'azure_cli(az * delete *)' }])];
    expect(decideToolUse({ tool: azureCli, args: { command: 'az vm start -n a' }, rules, mode: 'autonomous' }).decision).toBe('allow');
    expect(decideToolUse({ tool: azureCli, args: { command: 'az webapp restart -n a' }, rules, mode: 'autonomous' }).decision).toBe('ask');
    expect(decideToolUse({ tool: azureCli, args: { command: 'az vm delete -n a' }, rules, mode: 'autonomous' }).decision).toBe('deny');
  });

  it('lets an ask at a broad scope win over an allow at a narrow one', () => {
    const rules = [set('global', [{ effect: 'ask', pattern: 'azure_cli(az webapp *)' }]), set('investigation', [{ effect: 'allow', pattern: 'azure_cli(az webapp restart *)' }])];
    expect(decideToolUse({ tool: azureCli, args: { command: 'az webapp restart -n a' }, rules, mode: 'review' }).decision).toBe('ask');
  });

  it('denies when a rule needs arguments that cannot be normalised (fail closed)', () => {
    // Prepare: an allow rule for monitoring commands, and a command that chains a deletion.
    const rules = [set('global', [{ effect: 'allow', pattern: 'azure_cli(az monitor *)' }])];

    // Act
    const result = decideToolUse({ tool: azureCli, args: { command: 'az monitor metrics list; az group delete -n rg1' }, rules, mode: 'autonomous' });

    // Assess
    expect(result.decision).toBe('deny');
    expect(result.reason).toMatch(/could not be evaluated.*shell operator/);
  });

  it('denies every call when a rule set fails validation (fail closed)', () => {
    const broken = { scope: 'global', source: 'rules.yaml', rules: [{ effect: 'maybe', pattern: 'azure_cli(*)' }] };
    const result = decideToolUse({ tool: logs, args: {}, rules: [broken], mode: 'review' });
    expect(result.decision).toBe('deny');
    expect(result.reason).toContain('fails closed');
  });

  it('matches MCP tools by connector and tool name', () => {
    const rules = [set('global', [{ effect: 'deny', pattern: 'mcp:datadog/*' }])];
    const viaName = decideToolUse({ tool: { name: 'mcp__datadog__query_metrics', readOnly: true }, args: {}, rules, mode: 'review' });
    const viaField = decideToolUse({ tool: { name: 'dd', readOnly: true, mcp: { connector: 'datadog', tool: 'query' } }, args: {}, rules, mode: 'review' });
    expect([viaName.decision, viaField.decision]).toEqual(['deny', 'deny']);
    expect(viaName.canonical).toBe('mcp:datadog/query_metrics()');
  });

  it('matches non-command arguments as sorted key=value pairs', () => {
    const rules = [set('global', [{ effect: 'deny', pattern: 'http_probe(url=http://169.254.*)' }])];
    expect(decideToolUse({ tool: { name: 'http_probe', readOnly: true }, args: { url: 'http://169.254.169.254/metadata' }, rules, mode: 'review' }).decision).toBe('deny');
    expect(decideToolUse({ tool: { name: 'http_probe', readOnly: true }, args: { url: 'https://contoso.com/' }, rules, mode: 'review' }).decision).toBe('allow');
  });
});
