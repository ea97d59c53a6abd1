import { createAppRedactor, createRedactor, findLiteralSecrets, resolveSecretReference, defineSettingsForTest } from './redactionFixtures';

// Planted secrets of every kind the redactor must catch. Each is built at run time so no real
// credential shape sits in the repository as a single literal.
const a = (n: number, ch = 'A'): string => ch.repeat(n);
const storageKey = `${'Zx9'.repeat(28)}ab==`;
const planted: Record<string, string> = {
  connectionString: `DefaultEndpointsProtocol=https;AccountName=prod;AccountKey=${storageKey};EndpointSuffix=core.windows.net`,
  serviceBus: `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=${a(43, 'k')}=`,
  sas: `https://prod.blob.core.windows.net/c/b?sv=2022-11-02&se=2026-01-01&sp=r&sig=${'s1G'.repeat(15)}%3D`,
  bearer: `Authorization: Bearer ${'eyJhbGciOi'}${a(30, 'x')}`,
  urlPassword: 'postgres://admin:Sup3rS3cretPw@db.internal:5432/app',
  privateKey: `-----BEGIN RSA PRIVATE KEY-----\nMIIEow${a(60, 'q')}\n-----END RSA PRIVATE KEY-----`,
  storageKeyAlone: `key is ${storageKey} ok`,
  pagerDuty: `Authorization: Token token=${'y_'.repeat(10)}pdKEY`,
  aws: `AKIA${'Q7'.repeat(8)}`,
  gcp: `AIza${'Sy'.repeat(17)}X`,
  github: `ghp_${'G1'.repeat(18)}`,
  slack: `xoxb-${'1234567890'}-${'abcdefghij'}`,
  anthropic: `sk-ant-api03-${'An7'.repeat(10)}`,
  jwt: `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.${'sIg'.repeat(10)}`,
  labelled: 'password=correct-horse-battery',
  literal: 'literal-value-9f3a2c',
};
const secretValues = [
  storageKey,
  a(43, 'k'),
  's1G'.repeat(15),
  `eyJhbGciOi${a(30, 'x')}`,
  'Sup3rS3cretPw',
  `MIIEow${a(60, 'q')}`,
  `${'y_'.repeat(10)}pdKEY`,
  `AKIA${'Q7'.repeat(8)}`,
  `AIza${'Sy'.repeat(17)}X`,
  `ghp_${'G1'.repeat(18)}`,
  'xoxb-1234567890-abcdefghij',
  `sk-ant-api03-${'An7'.repeat(10)}`,
  `.${'sIg'.repeat(10)}`,
  'correct-horse-battery',
  'literal-value-9f3a2c',
];

describe('createRedactor', () => {
  it('removes every planted secret kind from a deep value', () => {
    // Prepare
    const redactor = createRedactor({ literals: [planted.literal] });
    const value = { nested: [{ ...planted }], text: Object.values(planted).join('\n'), [planted.literal]: 'key named after a secret' };

    // Act
    const serialised = JSON.stringify(redactor.redactDeep(value));

    // Assess
    for (const secret of secretValues) expect(serialised).not.toContain(secret);
    expect(serialised).toContain('[REDACTED:');
  });

  it('keeps the labels around a secret readable', () => {
    const redactor = createRedactor();
    expect(redactor.redactText(planted.connectionString)).toBe(
      'DefaultEndpointsProtocol=https;AccountName=prod;AccountKey=[REDACTED:connection-string-secret];EndpointSuffix=core.windows.net',
    );
    expect(redactor.redactText(planted.urlPassword)).toBe('postgres://admin:[REDACTED:url-password]@db.internal:5432/app');
  });

  it('replaces whole values under secret-looking keys, but keeps ${env:} references', () => {
    const redactor = createRedactor();
    const out = redactor.redactDeep({ password: 'x1', apiKey: '${env:DATADOG_API_KEY}', nested: { client_secret: 'abc' }, plain: 'hello' });
    expect(out).toEqual({ password: '[REDACTED:secret-field]', apiKey: '${env:DATADOG_API_KEY}', nested: { client_secret: '[REDACTED:secret-field]' }, plain: 'hello' });
  });

  it('applies configured patterns and survives cycles', () => {
    const redactor = createRedactor({ patterns: ['corp_[a-z0-9]{12}'] });
    const cyclic: Record<string, unknown> = { token: 'see corp_abcdef123456 here' };
    cyclic.self = cyclic;
    const out = redactor.redactDeep(cyclic) as Record<string, unknown>;
    expect(out.self).toBe('[Circular]');
    expect(redactor.redactText('see corp_abcdef123456 here')).toBe('see [REDACTED:configured-pattern] here');
  });

  it('redacts the current value of every secret setting of the catalog', () => {
    // Prepare
    const group = defineSettingsForTest();
    const env = { TEST_SECRET_TOKEN: 'tok-4417-zz-secret', TEST_PUBLIC: 'visible-value' };

    // Act
    const redactor = createAppRedactor([group], {}, env);

    // Assess
    expect(redactor.redactText('a tok-4417-zz-secret b visible-value')).toBe('a [REDACTED:configured-secret] b visible-value');
  });
});

describe('secret references', () => {
  it('finds literal secrets in configuration and accepts references', () => {
    const findings = findLiteralSecrets({ connectors: { datadog: { apiKey: 'literal', appKey: '${env:DD_APP_KEY}' } }, url: planted.sas });
    expect(findings.map((f) => f.path)).toEqual(['connectors.datadog.apiKey', 'url']);
  });

  it('resolves ${env:NAME} and refuses literals', () => {
    expect(resolveSecretReference('${env:X_TOKEN}', 'hooks.yaml', { X_TOKEN: 'v' })).toBe('v');
    expect(() => resolveSecretReference('raw', 'hooks.yaml', {})).toThrow(/\$\{env:NAME\}/);
    expect(() => resolveSecretReference('${env:MISSING}', 'hooks.yaml', {})).toThrow(/MISSING is not set/);
  });
});

describe('redaction of the shapes a review found slipping through', () => {
  const redactor = createRedactor({});

  it.each([
    ['a password with an empty user name', 'redis://:s3cr3tpass@cache:6379', 's3cr3tpass'],
    ['a password containing @ and #', 'mongodb+srv://u:p@ss#w0rd@cluster0.example.net/db', 'ss#w0rd'],
    ['a password containing /', 'amqp://user:pa/ss@host:5672', 'pa/ss'],
    ['a quoted connection-string value with ; and spaces', 'Server=x;Password="p;ss word";Database=y', 'ss word'],
    ['an Azure Functions key in a URL', 'https://fn.azurewebsites.net/api/Trigger?code=AbCdEfGhIjKlMnOpQrStUvWxYz0123==&x=1', 'AbCdEfGhIjKlMnOpQrStUvWxYz0123'],
    ['an x-functions-key header', 'x-functions-key: abcdefghijklmnopqrstuvwx', 'abcdefghijklmnopqrstuvwx'],
    ['a private key cut before its END line', '-----BEGIN PRIVATE KEY-----\nMIIJQgIBADANBgkqhkiG9w0BAQEFAASC', 'MIIJQgIBADANBgkqhkiG9w0BAQEFAASC'],
  ])('redacts %s', (_what, text, secret) => {
    expect(redactor.redactText(text)).not.toContain(secret);
  });

  it('leaves an ordinary URL with @ in its path readable', () => {
    expect(redactor.redactText('see https://example.com/a@b for details')).toBe('see https://example.com/a@b for details');
  });

  it('redacts function keys and cookies held in object keys', () => {
    expect(redactor.redactDeep({ 'x-functions-key': 'abc123', cookie: 'session=xyz', host: 'example.com' })).toEqual({
      'x-functions-key': expect.stringContaining('REDACTED'),
      cookie: expect.stringContaining('REDACTED'),
      host: 'example.com',
    });
  });
});
