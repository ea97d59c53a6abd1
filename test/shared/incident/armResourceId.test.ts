import { parseArmResourceId, parseArmResourceIds } from '../../../shared/incident';

describe('parseArmResourceId', () => {
  it('lower-cases a resource id and splits it into subscription, group, provider, type and name', () => {
    // Prepare
    const id = '/subscriptions/5F1C9A3E-7B2D-4E8A-9C61-0D4F2B7A8E13/resourceGroups/RG-Shop/providers/Microsoft.Web/sites/App-1';
    // Act
    const parsed = parseArmResourceId(id);
    // Assess
    expect(parsed).toEqual({
      id: id.toLowerCase(),
      subscriptionId: '5f1c9a3e-7b2d-4e8a-9c61-0d4f2b7a8e13',
      resourceGroup: 'rg-shop',
      provider: 'microsoft.web',
      type: 'microsoft.web/sites',
      name: 'app-1',
    });
  });

  it('joins nested types and names', () => {
    const parsed = parseArmResourceId('/subscriptions/5f1c9a3e-7b2d-4e8a-9c61-0d4f2b7a8e13/resourcegroups/rg/providers/microsoft.sql/servers/s1/databases/db1');
    expect(parsed?.type).toBe('microsoft.sql/servers/databases');
    expect(parsed?.name).toBe('s1/db1');
  });

  it('parses subscription-level ids such as service health targets', () => {
    const parsed = parseArmResourceId('/subscriptions/5f1c9a3e-7b2d-4e8a-9c61-0d4f2b7a8e13');
    expect(parsed).toMatchObject({ resourceGroup: null, provider: null, name: '5f1c9a3e-7b2d-4e8a-9c61-0d4f2b7a8e13' });
  });

  it('returns undefined for names and malformed ids', () => {
    expect(parseArmResourceId('vm-batch-02')).toBeUndefined();
    expect(parseArmResourceId('/subscriptions/not-a-guid/resourceGroups/rg')).toBeUndefined();
    expect(parseArmResourceId('/subscriptions/5f1c9a3e-7b2d-4e8a-9c61-0d4f2b7a8e13/resourceGroups/rg/providers/Microsoft.Web/sites')).toBeUndefined();
  });

  it('drops duplicates that differ only in case and skips non-ids', () => {
    const ids = parseArmResourceIds([
      '/subscriptions/5f1c9a3e-7b2d-4e8a-9c61-0d4f2b7a8e13/resourceGroups/RG/providers/Microsoft.Web/sites/a',
      'a',
      '/subscriptions/5f1c9a3e-7b2d-4e8a-9c61-0d4f2b7a8e13/resourcegroups/rg/providers/microsoft.web/sites/a',
      null,
    ]);
    expect(ids).toHaveLength(1);
  });
});
