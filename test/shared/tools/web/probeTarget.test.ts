import { resolveProbeTarget, type HostResolver } from '../../../../shared/tools/web/probeTarget';

function fakeDns(table: Record<string, string[]>): HostResolver {
  return async (hostname) => {
    const answers = table[hostname];
    if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

describe('resolveProbeTarget', () => {
  it('pins the first address when every resolved address is public', async () => {
    // Prepare
    const dns = fakeDns({ 'shop.example': ['20.50.2.1', '2606:4700::1'] });

    // Act
    const target = await resolveProbeTarget('shop.example', [], dns);

    // Assess
    expect(target).toEqual({
      ok: true,
      pinned: { address: '20.50.2.1', family: 4 },
      addresses: [
        { address: '20.50.2.1', family: 4 },
        { address: '2606:4700::1', family: 6 },
      ],
      allowListed: false,
    });
  });

  it('refuses a host when any one of its addresses is private, even if another is public', async () => {
    // Prepare
    const dns = fakeDns({ 'mixed.example': ['20.50.2.1', 'fd00::5'] });

    // Act
    const target = await resolveProbeTarget('mixed.example', [], dns);

    // Assess
    expect(target.ok).toBe(false);
    expect(!target.ok && target.code).toBe('target_refused');
    expect(!target.ok && target.message).toContain('fd00::5');
  });

  it('refuses IP literals in special-purpose ranges without asking DNS', async () => {
    // Prepare
    const dns: HostResolver = async () => {
      throw new Error('DNS must not be asked for a literal');
    };

    // Act
    const metadata = await resolveProbeTarget('169.254.169.254', [], dns);
    const bracketed = await resolveProbeTarget('[::1]', [], dns);

    // Assess
    expect(metadata.ok).toBe(false);
    expect(bracketed.ok).toBe(false);
  });

  it('lets an allow-listed host through even though it is private, and still pins it', async () => {
    // Prepare
    const dns = fakeDns({ 'status.corp.example': ['10.0.0.7'] });

    // Act
    const exact = await resolveProbeTarget('status.corp.example', ['status.corp.example'], dns);
    const wildcard = await resolveProbeTarget('status.corp.example', ['*.corp.example'], dns);
    const apex = await resolveProbeTarget('corp.example', ['*.corp.example'], fakeDns({ 'corp.example': ['10.0.0.8'] }));

    // Assess
    expect(exact).toMatchObject({ ok: true, allowListed: true, pinned: { address: '10.0.0.7' } });
    expect(wildcard).toMatchObject({ ok: true, allowListed: true });
    expect(apex.ok).toBe(false);
  });

  it('reports a name that does not resolve as a DNS failure', async () => {
    // Prepare
    const dns = fakeDns({});

    // Act
    const target = await resolveProbeTarget('nowhere.example', [], dns);

    // Assess
    expect(target).toMatchObject({ ok: false, code: 'dns_failure' });
    expect(!target.ok && target.message).toContain('ENOTFOUND');
  });
});

describe('resolveProbeTarget: platform addresses', () => {
  it('refuses metadata and wireserver addresses even for an allow-listed host', async () => {
    // Prepare: an allowed domain whose name was left pointing at the platform
    const dns = fakeDns({ 'dangling.contoso.com': ['168.63.129.16'], 'imds.contoso.com': ['169.254.169.254'], 'app.contoso.com': ['10.1.2.3'] });

    // Act
    const wireserver = await resolveProbeTarget('dangling.contoso.com', ['*.contoso.com'], dns);
    const imds = await resolveProbeTarget('imds.contoso.com', ['*.contoso.com'], dns);
    const privateApp = await resolveProbeTarget('app.contoso.com', ['*.contoso.com'], dns);

    // Assess: the platform is never a target; an allow-listed private address still is
    expect(wireserver).toMatchObject({ ok: false, code: 'target_refused', message: expect.stringContaining('Azure platform') });
    expect(imds).toMatchObject({ ok: false, code: 'target_refused', message: expect.stringContaining('link-local') });
    expect(privateApp).toMatchObject({ ok: true });
  });
});
