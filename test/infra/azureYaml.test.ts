import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { readRepoFile, repoRoot } from './bicepText';

const HookSchema = z.object({ shell: z.string(), run: z.string() });
const AzureYamlSchema = z.object({
  name: z.string(),
  infra: z.object({ provider: z.literal('bicep'), path: z.string(), module: z.string() }),
  services: z.object({
    api: z.object({
      project: z.string(),
      language: z.enum(['ts', 'js']),
      host: z.literal('function'),
      remoteBuild: z.boolean(),
      hooks: z.object({
        prepackage: z.object({ posix: HookSchema, windows: HookSchema }),
        postpackage: z.object({ posix: HookSchema, windows: HookSchema }),
      }),
    }),
  }),
});

describe('azure.yaml', () => {
  const azureYaml = AzureYamlSchema.parse(parse(readRepoFile('azure.yaml')));
  const packageJson = JSON.parse(readRepoFile('package.json')) as { scripts: Record<string, string> };

  it('deploys the repository root as the function service whose infra exists', () => {
    // Assess
    expect(azureYaml.services.api.project).toBe('.');
    expect(existsSync(join(repoRoot, azureYaml.infra.path, `${azureYaml.infra.module}.bicep`))).toBe(true);
    expect(existsSync(join(repoRoot, azureYaml.services.api.project, 'host.json'))).toBe(true);
  });

  it('builds locally from the lock file and ships production dependencies only', () => {
    // Prepare
    const { prepackage } = azureYaml.services.api.hooks;

    // Act
    const steps = prepackage.posix.run.split('&&').map((s) => s.trim());

    // Assess
    expect(azureYaml.services.api.remoteBuild).toBe(false);
    expect(steps[0]).toMatch(/^npm ci\b/);
    expect(steps[1]).toBe('npm run build');
    expect(steps[2]).toMatch(/^npm prune --omit=dev\b/);
    expect(packageJson.scripts.build).toBeDefined();
    for (const step of ['npm ci', 'npm run build', 'npm prune --omit=dev']) expect(prepackage.windows.run).toContain(step);
  });

  it('restores the dev dependencies after packaging', () => {
    // Assess
    expect(azureYaml.services.api.hooks.postpackage.posix.run).toMatch(/^npm ci\b/);
    expect(azureYaml.services.api.hooks.postpackage.windows.run).toMatch(/^npm ci\b/);
  });
});
