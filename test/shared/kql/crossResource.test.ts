import { toServiceQuery, validateKql, withClassicAppInsightsTables, type CrossResourceTarget, type KqlSchema } from '../../../shared/kql';

const lawA: KqlSchema = { tables: { Heartbeat: { TimeGenerated: 'datetime', Computer: 'string' } } };
const lawB: KqlSchema = { tables: { Heartbeat: { TimeGenerated: 'datetime', Computer: 'string' }, Syslog: { SyslogMessage: 'string' } } };
const appTables: KqlSchema = {
  tables: { AppRequests: { TimeGenerated: 'datetime', Success: 'bool', ResultCode: 'string', AppRoleName: 'string', DurationMs: 'real' } },
};
const shopId = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-shop/providers/Microsoft.Insights/components/appi-shop';
const targets: CrossResourceTarget[] = [
  { kind: 'workspace', name: 'law-a', aliases: ['11111111-1111-1111-1111-111111111111'], serviceId: '11111111-1111-1111-1111-111111111111', schema: lawA },
  { kind: 'workspace', name: 'law-b', aliases: ['22222222-2222-2222-2222-222222222222'], serviceId: '22222222-2222-2222-2222-222222222222', schema: lawB },
  { kind: 'app', name: 'appi-shop', aliases: [shopId], serviceId: shopId, schema: withClassicAppInsightsTables(appTables) },
];

describe('validateKql with cross-resource functions', () => {
  it('accepts a union over two configured workspaces, by name and by id', () => {
    // Act
    const result = validateKql(
      'union workspace("law-a").Heartbeat, workspace("22222222-2222-2222-2222-222222222222").Heartbeat | summarize count() by Computer',
      lawA,
      { crossResource: targets },
    );

    // Assess
    expect(result).toEqual({ ok: true, tablesReferenced: ['Heartbeat'] });
  });

  it('refuses a workspace that is not configured and says which ones are in scope', () => {
    // Act
    const result = validateKql('union workspace("law-a").Heartbeat,\n  workspace("law-x").Heartbeat', lawA, { crossResource: targets });

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ line: 2, column: 3 });
    expect(result.diagnostics[0]!.message).toContain('workspace("law-x") does not name a workspace configured for these tools');
    expect(result.diagnostics[0]!.message).toContain('law-a / 11111111-1111-1111-1111-111111111111');
    expect(result.diagnostics[0]!.message).toContain('law-b');
  });

  it('checks the tables of the named workspace against that workspace, at the original position', () => {
    // Act: Syslog exists in law-b only.
    const ok = validateKql('workspace("law-b").Syslog | take 1', lawA, { crossResource: targets });
    const bad = validateKql('workspace("law-a").Heartbeat | where Computr == "x"', lawA, { crossResource: targets });

    // Assess
    expect(ok).toEqual({ ok: true, tablesReferenced: ['Syslog'] });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.diagnostics[0]).toMatchObject({ line: 1, column: 38, suggestions: ['Computer'] });
  });

  it('accepts app("<configured component>") with classic names, and resource() by ARM id', () => {
    // Act
    const byName = validateKql('app("appi-shop").requests | summarize count() by resultCode', lawA, { crossResource: targets });
    const byArmId = validateKql(`resource("${shopId}").AppRequests | count`, lawA, { crossResource: targets });

    // Assess
    expect(byName).toEqual({ ok: true, tablesReferenced: ['requests'] });
    expect(byArmId).toEqual({ ok: true, tablesReferenced: ['AppRequests'] });
  });

  it('refuses cross-resource calls when nothing is in scope', () => {
    // Act
    const result = validateKql('app("appi-shop").requests', lawA);

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics[0]!.message).toContain('in scope: none');
  });
});

describe('validateKql with classic App Insights names', () => {
  const componentScope = withClassicAppInsightsTables(appTables);

  it('accepts a classic query in component scope', () => {
    // Act
    const result = validateKql('requests | where success == false | summarize count() by cloud_RoleName', componentScope);

    // Assess
    expect(result).toEqual({ ok: true, tablesReferenced: ['requests'] });
  });

  it('still accepts the workspace-based names there, and refuses classic names in plain workspace scope', () => {
    // Act
    const workspaceNames = validateKql('AppRequests | summarize avg(DurationMs) by AppRoleName', componentScope);
    const classicOnWorkspace = validateKql('requests | take 1', appTables);

    // Assess
    expect(workspaceNames.ok).toBe(true);
    expect(classicOnWorkspace.ok).toBe(false);
  });

  it('lets a classic table through an allow-list that names its workspace-based table', () => {
    // Act
    const result = validateKql('requests | take 1', componentScope, { allowedTables: ['AppRequests'] });

    // Assess
    expect(result).toEqual({ ok: true, tablesReferenced: ['requests'] });
  });
});

describe('validateKql with workspace functions', () => {
  const withFunctions: KqlSchema = {
    ...lawA,
    functions: [
      { name: 'HeartbeatOf', parameters: 'computer:string', body: 'Heartbeat | where Computer == computer' },
      { name: 'AllHeartbeats', body: 'Heartbeat' },
    ],
  };

  it('expands a saved function, with and without parameters', () => {
    // Act
    const withArgs = validateKql('HeartbeatOf("vm-1") | project Computer', withFunctions);
    const without = validateKql('AllHeartbeats | summarize count() by Computer', withFunctions);

    // Assess
    expect(withArgs).toEqual({ ok: true, tablesReferenced: ['Heartbeat'] });
    expect(without.ok).toBe(true);
  });

  it('types the function result from its body', () => {
    // Act
    const result = validateKql('AllHeartbeats | project Nope', withFunctions);

    // Assess
    expect(result.ok).toBe(false);
  });
});

describe('validateKql allow-list through workspace functions', () => {
  it('refuses a function whose body reads a table outside the allow-list', () => {
    // Arrange
    const schema: KqlSchema = { ...lawB, functions: [{ name: 'Messages', body: 'Syslog | project SyslogMessage' }] };

    // Act
    const result = validateKql('Messages | take 1', schema, { allowedTables: ['Heartbeat'] });

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics[0]!.message).toContain("The table 'Syslog' is outside the tables");
  });
});

describe('toServiceQuery', () => {
  it('names configured targets by the ids the service resolves, leaving resource() and the rest alone', () => {
    // Act
    const sent = toServiceQuery(`union workspace("law-a").Heartbeat, app('appi-shop').requests, resource("${shopId}").AppRequests`, targets);

    // Assess
    expect(sent).toBe(
      `union workspace("11111111-1111-1111-1111-111111111111").Heartbeat, app("${shopId}").requests, resource("${shopId}").AppRequests`,
    );
  });
});
