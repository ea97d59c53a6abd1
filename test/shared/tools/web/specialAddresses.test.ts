import { specialPurposeRange } from '../../../../shared/tools/web/specialAddresses';

describe('specialPurposeRange', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.20.0.5', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['168.63.129.16', 'Azure platform'],
    ['100.64.0.1', 'shared address space'],
    ['0.0.0.0', 'this network'],
    ['224.0.0.251', 'multicast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fd12:3456::1', 'unique local'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['2002:c0a8:0101::1', 'private'],
    ['2001:db8::1', 'documentation'],
    ['ff02::1', 'multicast'],
  ])('refuses %s as %s', (address, label) => {
    // Prepare / Act
    const range = specialPurposeRange(address);

    // Assess
    expect(range).toContain(label);
  });

  it.each(['8.8.8.8', '20.50.2.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '2a01:111:f400::1'])('accepts the public address %s', (address) => {
    // Prepare / Act
    const range = specialPurposeRange(address);

    // Assess
    expect(range).toBeUndefined();
  });

  it('treats something that is not an IP address as special rather than public', () => {
    // Prepare / Act
    const range = specialPurposeRange('localhost');

    // Assess
    expect(range).toBe('not an IP address');
  });
});
