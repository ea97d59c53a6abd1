import { validateKql, withClassicAppInsightsTables, withStandardColumns, type KqlSchema } from '../../../shared/kql';

// As the metadata API lists them: no hidden standard columns.
const schema: KqlSchema = {
  tables: {
    Heartbeat: { TimeGenerated: 'datetime', Computer: 'string', _IsBillable: 'string' },
    AppRequests: { TimeGenerated: 'datetime', Success: 'bool', DurationMs: 'real' },
  },
};

describe('standard columns', () => {
  it('lets the validator accept the hidden _TimeReceived and _ItemId of any table', () => {
    // Act
    const result = validateKql('Heartbeat | extend AgentLatency = _TimeReceived - TimeGenerated | project _ItemId, TenantId, Type, AgentLatency', schema);

    // Assess
    expect(result).toEqual({ ok: true, tablesReferenced: ['Heartbeat'] });
  });

  it('gives classic Application Insights tables _BilledSize and _TimeReceived but not TimeGenerated', () => {
    // Act
    const billed = validateKql('requests | summarize sum(_BilledSize) by operation_Name, bin(_TimeReceived, 1h)', withClassicAppInsightsTables(schema));
    const workspaceName = validateKql('requests | where TimeGenerated > ago(1h)', withClassicAppInsightsTables(schema));

    // Assess
    expect(billed.ok).toBe(true);
    expect(workspaceName.ok).toBe(false);
  });

  it('keeps a listed column\'s type and still refuses a misspelt standard column', () => {
    // Act
    const extended = withStandardColumns(schema);
    const misspelt = validateKql('Heartbeat | where _TimeRecieved > ago(1h)', schema);

    // Assess
    expect(extended.tables.Heartbeat).toMatchObject({ _IsBillable: 'string', _TimeReceived: 'datetime', _BilledSize: 'real' });
    expect(withStandardColumns(schema)).toBe(extended);
    expect(misspelt.ok).toBe(false);
  });
});
