import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { settingsCatalog } from '../../../shared/config/catalog';
import { createDestinationRegistry } from '../../../shared/destinations';
import { validateConfiguration } from '../../../shared/startup/validateConfiguration';

const repoRoot = resolve(__dirname, '..', '..', '..', '..');

/** The environment an app gets from a copied local.settings.sample.json, storage pointed at the test Azurite. */
function sampleEnv(): NodeJS.ProcessEnv {
  const { Values } = JSON.parse(readFileSync(join(repoRoot, 'local.settings.sample.json'), 'utf8')) as { Values: Record<string, string> };
  return { ...Values, AzureWebJobsStorage: process.env.TEST_STORAGE_CONNECTION_STRING! };
}

describe('validateConfiguration', () => {
  it('accepts a copied local.settings.sample.json, which turns no integration on', async () => {
    // Prepare
    const env = sampleEnv();

    // Act
    const problems = await validateConfiguration(env);

    // Assess: nothing to fix, no destination and no signed source configured by the copy
    expect(problems).toEqual([]);
    expect(createDestinationRegistry({ env }).configured()).toEqual([]);
    const touched = settingsCatalog.flatMap((group) => group.touched(env));
    expect(touched).toEqual(['AzureWebJobsStorage']);
    expect(env.ANTHROPIC_API_KEY).toBe('');
  });

  it('names a destination secret reference that does not resolve', async () => {
    const env = { ...sampleEnv(), PAGERDUTY_API_TOKEN: '${env:PAGERDUTY_TOKEN_FROM_VAULT}', PAGERDUTY_FROM_EMAIL: 'ir@example.com' };
    const problems = await validateConfiguration(env);
    expect(problems).toEqual([expect.stringMatching(/^destinations: PAGERDUTY_API_TOKEN: refers to \$\{env:PAGERDUTY_TOKEN_FROM_VAULT\}, which is not set$/)]);
  });

  it('names ServiceNow basic auth without a password', async () => {
    const env = { ...sampleEnv(), SERVICENOW_INSTANCE_URL: 'https://contoso.service-now.com', SERVICENOW_USERNAME: 'svc_ir' };
    const problems = await validateConfiguration(env);
    expect(problems).toEqual([expect.stringMatching(/^destinations: SERVICENOW_USERNAME: and SERVICENOW_PASSWORD are required/)]);
  });

  it('names a placeholder model key without printing it', async () => {
    const env = { ...sampleEnv(), ANTHROPIC_API_KEY: 'sk-ant-...' };
    const problems = await validateConfiguration(env);
    expect(problems.some((p) => /ANTHROPIC_API_KEY: holds a placeholder/.test(p))).toBe(true);
    expect(problems.join('\n')).not.toContain('sk-ant-');
  });

  it('names a hook whose secret does not resolve and a prompt hook with no model', async () => {
    // Prepare: a hooks file in a temp folder
    const dir = mkdtempSync(join(tmpdir(), 'startup-hooks-'));
    const file = join(dir, 'hooks.yaml');
    writeFileSync(
      file,
      [
        'hooks:',
        '  PreToolUse:',
        '    - { name: notify, type: command, matcher: "*", command: node notify.mjs, env: { TOKEN: "${env:HOOK_TOKEN}" } }',
        '  Stop:',
        '    - { name: judge, type: prompt, prompt: "Judge $ARGUMENTS" }',
        '',
      ].join('\n'),
    );
    const env = { ...sampleEnv(), GOVERNANCE_HOOKS_FILE: file };

    // Act
    const problems = await validateConfiguration(env);

    // Assess
    expect(problems).toEqual([
      expect.stringMatching(/^hook notify env\.TOKEN: refers to \$\{env:HOOK_TOKEN\} but HOOK_TOKEN is not set/),
      expect.stringMatching(/^hook judge .*a prompt hook needs ANTHROPIC_API_KEY/),
    ]);
  });

  it('names a plan whose destination option would fail every investigation that uses it', async () => {
    // Prepare: an override plan asking Teams for an option it does not have
    const container = `plans-${randomBytes(4).toString('hex')}`;
    const client = BlobServiceClient.fromConnectionString(process.env.TEST_STORAGE_CONNECTION_STRING!).getContainerClient(container);
    await client.createIfNotExists();
    const plan = 'id: teams-resolve\ntitle: T\ndestinations: ["teams:resolve"]\nhypotheses:\n  - { id: h, title: H, guidance: g, rootCauseCategory: bad_deployment }\n';
    await client.getBlockBlobClient('teams-resolve.yaml').upload(plan, plan.length);

    // Act
    const problems = await validateConfiguration({ ...sampleEnv(), PLANS_CONTAINER: container });

    // Assess
    expect(problems).toEqual([expect.stringMatching(/^plans: plan teams-resolve: destinations\[0\]: option 'resolve' is not valid for teams/)]);
  });
});

describe('validateConfiguration of the inbound routes', () => {
  it('names AZURE_MONITOR_AUTH=entra without an audience, which would refuse every alert', async () => {
    const env = { ...sampleEnv(), AZURE_MONITOR_AUTH: 'entra', AZURE_MONITOR_ENTRA_TENANT_ID: '00000000-0000-0000-0000-000000000001' };
    const problems = await validateConfiguration(env);
    expect(problems).toEqual([expect.stringMatching(/^source azure-monitor: AZURE_MONITOR_ENTRA_AUDIENCES: is required when AZURE_MONITOR_AUTH=entra/)]);
  });
});
