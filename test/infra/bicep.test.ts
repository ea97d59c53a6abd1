import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { settingsCatalog } from '../../shared/config/catalog';
import type { SettingsGroup, SettingSpecs } from '../../shared/config/defineSettings';
import { bicepOutputs, bicepParams, moduleReferences, allowedValues, readRepoFile, repoRoot, settingKeys, variableBlock } from './bicepText';

// Settings as the app declares them: the catalog docs/configuration.md is generated from, plus any
// group a module declares before it is registered there (the deployment must cover both).
function isSettingsGroup(value: unknown): value is SettingsGroup<SettingSpecs> {
  return typeof value === 'object' && value !== null && 'group' in value && 'specs' in value && 'load' in value;
}
const compiledShared = join(repoRoot, 'dist', 'shared');
const declaredGroups = new Map(settingsCatalog.map((g) => [g.group, g]));
for (const file of readdirSync(compiledShared, { recursive: true, encoding: 'utf8' }).filter((f) => /Settings\.js$/.test(f))) {
  for (const value of Object.values(require(join(compiledShared, file)) as Record<string, unknown>)) {
    if (isSettingsGroup(value) && !declaredGroups.has(value.group)) declaredGroups.set(value.group, value);
  }
}
const declaredSettings = [...declaredGroups.values()].flatMap((group) =>
  Object.entries(group.specs).map(([name, spec]) => ({
    name,
    secret: spec.secret === true,
    required: spec.default === undefined && !spec.schema.safeParse(undefined).success,
  })),
);
const declaredNames = new Set(declaredSettings.map((s) => s.name));

// Settings the platform reads rather than the app's catalog.
const platformSettingNames = new Set([
  'AzureWebJobsStorage__accountName',
  'AzureWebJobsStorage__credential',
  'AzureWebJobsStorage__clientId',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'APPLICATIONINSIGHTS_AUTHENTICATION_STRING',
]);

// Built-in roles the deployment may grant, and why; anything else is a review question.
const grantableRoles: Record<string, string> = {
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b': 'Storage Blob Data Owner',
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88': 'Storage Queue Data Contributor',
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3': 'Storage Table Data Contributor',
  '3913510d-42f4-4e42-8a64-420c390055eb': 'Monitoring Metrics Publisher',
  '4633458b-17de-408a-b874-0445c86b69e6': 'Key Vault Secrets User',
  'b86a8fe4-44ce-4948-aee5-eccb2c155cd7': 'Key Vault Secrets Officer',
  'acdd72a7-3385-48ef-bd42-f606fba81ae7': 'Reader',
  '73c42c96-874c-492b-b04d-ab87d138a893': 'Log Analytics Reader',
  '749f88d5-cbae-40b8-bcfc-e573ddc772fa': 'Monitoring Contributor',
};

const infraFiles = ['infra/main.bicep', ...readdirSync(join(repoRoot, 'infra', 'app')).filter((f) => f.endsWith('.bicep')).map((f) => `infra/app/${f}`)];

function sectionOf(markdown: string, heading: string): string {
  const start = markdown.indexOf(heading);
  if (start === -1) throw new Error(`section ${heading} not found`);
  const rest = markdown.slice(start + heading.length);
  const next = rest.search(/^#{1,3} /m);
  return next === -1 ? rest : rest.slice(0, next);
}

describe('infra/main.bicep parameters', () => {
  const main = readRepoFile('infra/main.bicep');
  const params = bicepParams(main);

  it('declares parameters with a description each', () => {
    // Prepare / Act
    const undocumented = params.filter((p) => !p.decorators.includes('@description(')).map((p) => p.name);

    // Assess
    expect(params.length).toBeGreaterThan(10);
    expect(undocumented).toEqual([]);
  });

  it('marks every secret-looking string parameter @secure()', () => {
    // Prepare
    const secretLooking = params.filter((p) => p.type === 'string' && /(secret|secrets|password|apikey|token)$/i.test(p.name));

    // Act
    const unsecured = secretLooking.filter((p) => !p.decorators.includes('@secure()')).map((p) => p.name);

    // Assess
    expect(secretLooking.length).toBeGreaterThanOrEqual(5);
    expect(unsecured).toEqual([]);
  });

  it('gives secure parameters an empty default so a deployment without a secret still works', () => {
    // Prepare / Act
    const secure = params.filter((p) => p.decorators.includes('@secure()'));

    // Assess
    for (const param of secure) expect(`${param.name}:${String(param.hasDefault)}`).toBe(`${param.name}:true`);
    expect(main).not.toMatch(/@secure\(\)[\s\S]{0,400}?param\s+\w+\s+string\s*=\s*'[^']+'/);
  });

  it('uses secure parameters only as Key Vault secret values and emptiness checks', () => {
    // Prepare
    const secureNames = params.filter((p) => p.decorators.includes('@secure()')).map((p) => p.name);
    const secretValues = variableBlock(main, 'secretValues');

    for (const name of secureNames) {
      // Act: every use outside the declaration, the secretValues object and empty(name)
      const uses = main
        .split('\n')
        .filter((line) => new RegExp(`\\b${name}\\b`).test(line))
        .filter((line) => !line.startsWith(`param ${name} `))
        .filter((line) => !secretValues.includes(line.trim()))
        .filter((line) => !line.includes(`empty(${name})`));

      // Assess
      expect(`${name}: ${uses.join(' | ')}`).toBe(`${name}: `);
      expect(secretValues).toMatch(new RegExp(`:\\s*${name}\\b`));
    }
  });

  it('covers every secret setting of the app with a secure parameter and a Key Vault option', () => {
    // Prepare: AzureWebJobsStorage is a secret only as a connection string, which Azure never gets
    const secretSettings = declaredSettings.filter((s) => s.secret && s.name !== 'AzureWebJobsStorage').map((s) => s.name).sort();

    // Act
    const secretValueKeys = settingKeys(variableBlock(main, 'secretValues')).sort();
    const managed = params.find((p) => p.name === 'keyVaultManagedSecrets');
    const allowedManaged = allowedValues(managed?.decorators ?? '').sort();

    // Assess
    expect(secretSettings.length).toBeGreaterThan(0);
    expect(secretValueKeys).toEqual(secretSettings);
    expect(allowedManaged).toEqual(secretSettings);
  });

  it('lets every enum-like choice of the app settings through only with @allowed', () => {
    // Prepare
    const choices = ['azureMonitorAuth', 'serviceNowInboundAuth', 'principalType', 'instanceMemoryMB'];

    // Act
    const missing = choices.filter((name) => !params.find((p) => p.name === name)?.decorators.includes('@allowed('));

    // Assess
    expect(missing).toEqual([]);
  });

  it('names resources from abbreviations.json and a uniqueString token', () => {
    // Prepare
    const abbreviations = JSON.parse(readRepoFile('infra/abbreviations.json')) as Record<string, string>;

    // Act
    const used = [...new Set([...main.matchAll(/abbrs\.(\w+)/g)].map((m) => m[1]!))];

    // Assess
    expect(main).toMatch(/var resourceToken = toLower\(uniqueString\(/);
    expect(used.length).toBeGreaterThanOrEqual(7);
    expect(used.filter((key) => abbreviations[key] === undefined)).toEqual([]);
  });

  it('returns azd environment values as UPPER_SNAKE outputs', () => {
    // Prepare / Act
    const outputs = bicepOutputs(main);

    // Assess
    expect(outputs).toEqual(expect.arrayContaining(['AZURE_LOCATION', 'AZURE_TENANT_ID', 'AZURE_RESOURCE_GROUP', 'SERVICE_API_NAME', 'AZURE_KEY_VAULT_NAME']));
    expect(outputs.filter((o) => !/^[A-Z][A-Z0-9_]*$/.test(o))).toEqual([]);
  });
});

describe('infra/main.parameters.json', () => {
  const params = bicepParams(readRepoFile('infra/main.bicep'));
  const file = JSON.parse(readRepoFile('infra/main.parameters.json')) as { parameters: Record<string, { value: unknown }> };

  it('names only parameters main.bicep declares', () => {
    // Prepare
    const declared = new Set(params.map((p) => p.name));

    // Act
    const unknown = Object.keys(file.parameters).filter((key) => !declared.has(key));

    // Assess
    expect(unknown).toEqual([]);
  });

  it('supplies every parameter that has no default, from the azd environment', () => {
    // Prepare
    const required = params.filter((p) => !p.hasDefault).map((p) => p.name);

    // Act
    const missing = required.filter((name) => file.parameters[name] === undefined);

    // Assess
    expect(required).toEqual(expect.arrayContaining(['environmentName', 'location']));
    expect(missing).toEqual([]);
    expect(file.parameters.environmentName?.value).toBe('${AZURE_ENV_NAME}');
    expect(file.parameters.location?.value).toBe('${AZURE_LOCATION}');
  });

  it('holds only environment placeholders, never literal values', () => {
    // Prepare / Act
    const literal = Object.entries(file.parameters).filter(([, p]) => typeof p.value !== 'string' || !/^\$\{[A-Z][A-Z0-9_]*(=[^}]*)?\}$/.test(p.value));

    // Assess
    expect(literal.map(([key]) => key)).toEqual([]);
  });

  it('takes secure parameters from a variable without a default value', () => {
    // Prepare
    const secure = params.filter((p) => p.decorators.includes('@secure()')).map((p) => p.name);

    // Act
    const withDefaults = secure.filter((name) => /=/.test(String(file.parameters[name]?.value ?? '')));

    // Assess
    expect(withDefaults).toEqual([]);
  });
});

describe('infra modules', () => {
  it('references only module files that exist, and every module file is used', () => {
    // Prepare
    const referenced = new Set<string>();
    const missing: string[] = [];

    // Act
    for (const file of infraFiles) {
      for (const ref of moduleReferences(readRepoFile(file))) {
        if (ref.startsWith('br/') || ref.startsWith('br:') || ref.startsWith('ts/')) {
          // Registry modules must pin an exact version.
          expect(ref).toMatch(/:\d+\.\d+\.\d+$/);
          continue;
        }
        const resolved = join(dirname(file), ref).replace(/\\/g, '/');
        referenced.add(resolved);
        if (!existsSync(join(repoRoot, resolved))) missing.push(`${file} -> ${ref}`);
      }
    }
    const orphans = infraFiles.filter((f) => f !== 'infra/main.bicep' && !referenced.has(f));

    // Assess
    expect(referenced.size).toBeGreaterThanOrEqual(5);
    expect(missing).toEqual([]);
    expect(orphans).toEqual([]);
  });

  it('contains no literal secrets, account keys or key listing', () => {
    // Prepare
    const files = [...infraFiles, 'infra/main.parameters.json', 'azure.yaml'];
    const forbidden = [/AccountKey=/i, /SharedAccessSignature=/i, /DefaultEndpointsProtocol=/i, /listKeys\(/, /listSecrets\(/, /sk-ant-\w/, /InstrumentationKey=[0-9a-f-]{36}/i, /password\s*:\s*'[^']+'/i];

    // Act
    const hits = files.flatMap((file) => forbidden.filter((re) => re.test(readRepoFile(file))).map((re) => `${file}: ${re.source}`));

    // Assess
    expect(hits).toEqual([]);
  });

  it('never outputs a secure value', () => {
    // Prepare
    const outputs = infraFiles.flatMap((file) => readRepoFile(file).split('\n').filter((line) => line.startsWith('output ')));

    // Act
    const leaking = outputs.filter((line) => /secret|password|apikey|key\b|\.value\b/i.test(line.replace(/\bAZURE_KEY_VAULT_\w+|keyVault\.outputs\.\w+/g, '')));

    // Assess
    expect(outputs.length).toBeGreaterThan(10);
    expect(leaking).toEqual([]);
  });
});

describe('storage', () => {
  const storage = readRepoFile('infra/app/storage.bicep');
  const api = readRepoFile('infra/app/api.bicep');

  it('disables shared keys and public blob access', () => {
    // Assess
    expect(storage).toMatch(/^\s*allowSharedKeyAccess: false$/m);
    expect(storage).toMatch(/^\s*allowBlobPublicAccess: false$/m);
    expect(storage).not.toMatch(/allowSharedKeyAccess: true/);
  });

  it('connects the host with the user-assigned identity instead of a connection string', () => {
    // Prepare / Act
    const platform = variableBlock(api, 'platformSettings');

    // Assess
    expect(platform).toMatch(/AzureWebJobsStorage__accountName: storageAccountName/);
    expect(platform).toMatch(/AzureWebJobsStorage__credential: 'managedidentity'/);
    expect(platform).toMatch(/AzureWebJobsStorage__clientId: identityClientId/);
    expect(settingKeys(api)).not.toContain('AzureWebJobsStorage');
  });

  it('creates the deployment container and reads it with the user-assigned identity', () => {
    // Assess
    expect(storage).toMatch(/blobServices\/containers@/);
    expect(api).toMatch(/type: 'blobContainer'/);
    expect(api).toMatch(/type: 'UserAssignedIdentity'\s+userAssignedIdentityResourceId: identityId/);
  });
});

describe('Function App settings', () => {
  const api = readRepoFile('infra/app/api.bicep');
  const main = readRepoFile('infra/main.bicep');
  const deployDoc = readRepoFile('docs/deploy.md');
  const keys = new Set(settingKeys(api));

  it('sets only settings the app or the platform reads', () => {
    // Prepare / Act
    const unknown = [...keys].filter((key) => !declaredNames.has(key) && !platformSettingNames.has(key));

    // Assess
    expect(keys.size).toBeGreaterThan(10);
    expect(unknown).toEqual([]);
  });

  it('sets every required setting, or documents why it is optional on Azure', () => {
    // Prepare
    const unconditional = new Set([...settingKeys(variableBlock(api, 'platformSettings')), ...settingKeys(variableBlock(api, 'coreSettings'))]);
    const documentedOptional = new Set([...sectionOf(deployDoc, '### Required settings the deployment leaves to you').matchAll(/`([A-Za-z0-9_]+)`/g)].map((m) => m[1]!));
    const secretSettings = new Set(settingKeys(variableBlock(main, 'secretValues')));

    // Act
    const uncovered = declaredSettings
      .filter((s) => s.required)
      .filter((s) => !unconditional.has(s.name) && !unconditional.has(`${s.name}__accountName`))
      // a documented one is set through a secure parameter when secret, through extraAppSettings otherwise
      .filter((s) => !(documentedOptional.has(s.name) && (!s.secret || secretSettings.has(s.name))))
      .map((s) => s.name);

    // Assess
    expect(declaredSettings.some((s) => s.required)).toBe(true);
    expect(uncovered).toEqual([]);
  });

  it('writes secret settings only as Key Vault references resolved with the app identity', () => {
    // Prepare
    const secretNames = declaredSettings.filter((s) => s.secret).map((s) => s.name);

    // Act
    const literal = secretNames.filter((name) => keys.has(name));

    // Assess
    expect(literal).toEqual([]);
    expect(variableBlock(api, 'secretReferenceSettings')).toContain("'@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${replace(setting, '_', '-')})'");
    expect(api).toMatch(/keyVaultReferenceIdentity: identityId/);
    expect(main).toMatch(/keyVaultSecretSettings: keyVaultSecretSettings/);
  });

  it('assembles the settings with union() and lets neither extras nor features override identity storage or secrets', () => {
    // Prepare
    const properties = /name: 'appsettings'\s+properties: union\(([\s\S]*?)\)\n\}/.exec(api)?.[1] ?? '';

    // Act
    const order = properties.split(',').map((s) => s.trim()).filter(Boolean);

    // Assess
    expect(order.length).toBeGreaterThanOrEqual(5);
    expect(order.slice(-2)).toEqual(['secretReferenceSettings', 'platformSettings']);
    expect(order).toContain('extraAppSettings');
  });

  it('leaves out the settings Flex Consumption deprecates and sets the Node 20 runtime instead', () => {
    // Prepare
    const deprecated = ['FUNCTIONS_WORKER_RUNTIME', 'FUNCTIONS_EXTENSION_VERSION', 'WEBSITE_RUN_FROM_PACKAGE', 'WEBSITE_CONTENTSHARE', 'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING', 'WEBSITE_NODE_DEFAULT_VERSION'];

    // Act
    const present = deprecated.filter((name) => keys.has(name));

    // Assess
    expect(present).toEqual([]);
    expect(api).toMatch(/runtime: \{\s+name: 'node'\s+version: '20'\s+\}/);
    expect(api).toMatch(/tier: 'FlexConsumption'\s+name: 'FC1'/);
    expect(api).toMatch(/'azd-service-name': 'api'/);
  });
});

describe('role assignments', () => {
  const texts = Object.fromEntries(infraFiles.map((f) => [f, readRepoFile(f)]));

  it('grants only known, documented roles and never Owner or Contributor', () => {
    // Prepare
    const deployDoc = readRepoFile('docs/deploy.md');

    // Act
    const guids = [...new Set(Object.values(texts).flatMap((t) => [...t.matchAll(/'([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})'/g)].map((m) => m[1]!)))];
    const unknown = guids.filter((g) => grantableRoles[g] === undefined);
    const undocumented = guids.map((g) => grantableRoles[g]).filter((name): name is string => name !== undefined && !deployDoc.includes(name));

    // Assess
    expect(guids.sort()).toEqual(Object.keys(grantableRoles).sort());
    expect(unknown).toEqual([]);
    expect(undocumented).toEqual([]);
  });

  it('gives the app identity the blob, queue and table roles the Durable Azure Storage backend needs, on the storage account', () => {
    // Prepare
    const rbac = texts['infra/app/rbac.bicep']!;

    // Act
    const storageRoles = variableBlock(rbac, 'storageRoles');

    // Assess
    expect(storageRoles).toContain('roles.storageBlobDataOwner');
    expect(storageRoles).toContain('roles.storageQueueDataContributor');
    expect(storageRoles).toContain('roles.storageTableDataContributor');
    expect(rbac).toMatch(/for roleId in storageRoles: \{[\s\S]*?scope: storage\b/);
  });

  it('lets the app identity read secrets and publish telemetry, scoped to the vault and the component', () => {
    // Prepare
    const rbac = texts['infra/app/rbac.bicep']!;

    // Assess
    expect(rbac).toMatch(/scope: vault\s+properties: \{\s+roleDefinitionId: subscriptionResourceId\('Microsoft\.Authorization\/roleDefinitions', roles\.keyVaultSecretsUser\)/);
    expect(rbac).toMatch(/scope: applicationInsights\s+properties: \{\s+roleDefinitionId: subscriptionResourceId\('Microsoft\.Authorization\/roleDefinitions', roles\.monitoringMetricsPublisher\)/);
    expect(readRepoFile('infra/app/keyvault.bicep')).toMatch(/enableRbacAuthorization: true/);
  });

  it('makes subscription and workspace access opt-in through parameters', () => {
    // Prepare
    const main = texts['infra/main.bicep']!;
    const subscriptionAccess = texts['infra/app/subscription-access.bicep']!;

    // Assess
    expect(main).toMatch(/param telemetrySubscriptionIds string\[\] = \[\]/);
    expect(main).toMatch(/param telemetryWorkspaces telemetryWorkspace\[\] = \[\]/);
    expect(main).toMatch(/param grantAlertStateChange bool = false/);
    expect(main).toMatch(/for subscriptionId in \(subscriptionGrantsWanted \? telemetrySubscriptionIds : \[\]\)/);
    expect(subscriptionAccess).toMatch(/resource reader '[^']+' = if \(grantReader\)/);
    expect(subscriptionAccess).toMatch(/resource monitoringContributor '[^']+' = if \(grantMonitoringContributor\)/);
  });
});

describe('dashboard sign-in', () => {
  const main = readRepoFile('infra/main.bicep');
  const auth = readRepoFile('infra/app/auth.bicep');

  it('configures App Service Authentication only when opsAuth is entra, and passes the choice to the app as OPS_AUTH', () => {
    expect(allowedValues(bicepParams(main).find((p) => p.name === 'opsAuth')!.decorators)).toEqual(['key', 'entra']);
    expect(main).toMatch(/module opsSignIn '\.\/app\/auth\.bicep' = if \(opsAuth == 'entra'\)/);
    expect(readRepoFile('infra/app/api.bicep')).toMatch(/OPS_AUTH: opsAuth/);
  });

  it('lets unauthenticated requests through to the webhooks and leaves the dashboard to the app, which requires the principal', () => {
    expect(auth).toMatch(/name: 'authsettingsV2'/);
    expect(auth).toMatch(/requireAuthentication: false\s+unauthenticatedClientAction: 'AllowAnonymous'/);
    expect(auth).toMatch(/azureActiveDirectory: \{\s+enabled: true/);
    expect(auth).toMatch(/requireHttps: true/);
  });
});
