import { resolve } from 'node:path';
import { governanceServices, type GovernanceServices } from '../governance/governanceServices';
import { governanceSettings } from '../governance/governanceSettings';
import type { RunHooksDeps } from '../governance/hooks/runHooks';
import { loadGovernanceConfig, type GovernanceConfig } from '../governance/loadGovernanceConfig';
import { SYSTEM_AUDIT_ID } from '../governance/audit/auditRecord';
import { isModelConfigured } from '../llm/createModelClient';
import { llmSettings } from '../llm/llmSettings';
import { blobServiceClient, resolveStorageConnection } from '../storage';
import { modelClient } from './modelTurn';

/** The app root (compiled code sits in dist/shared/investigation), where config/ lives. */
const APP_ROOT = resolve(__dirname, '..', '..', '..');

let config: { key: string; loading: Promise<GovernanceConfig> } | undefined;

/**
 * Rules and hooks, loaded and validated once per process (again when the governance settings
 * change); the load is audited. A bad rules or hooks file fails with the file and line, and the
 * next call tries again.
 */
function governanceConfig(env: NodeJS.ProcessEnv = process.env): Promise<GovernanceConfig> {
  const settings = governanceSettings.load(env);
  const key = JSON.stringify(settings);
  if (config?.key !== key) {
    const loading = (async () => {
      const loaded = await loadGovernanceConfig(settings, APP_ROOT, blobServiceClient(resolveStorageConnection(env)));
      await governanceServices(env).auditLog.append({
        at: new Date().toISOString(),
        investigationId: SYSTEM_AUDIT_ID,
        kind: 'config_load',
        actor: { type: 'system', id: 'governance' },
        summary: `loaded rules from ${loaded.sources.rules} and hooks from ${loaded.sources.hooks}${loaded.warnings.length > 0 ? ` with ${loaded.warnings.length} warning(s)` : ''}`,
        details: { sources: loaded.sources, ...(loaded.warnings.length > 0 ? { warnings: loaded.warnings } : {}) },
      });
      for (const warning of loaded.warnings) console.warn(JSON.stringify({ message: 'hooks file field ignored or not expressible here', warning }));
      return loaded;
    })();
    config = { key, loading };
    loading.catch(() => {
      if (config?.loading === loading) config = undefined;
    });
  }
  return config.loading;
}

/** What hooks need: the redactor, and the model for prompt hooks when one is configured. */
function hookDeps(services: GovernanceServices, env: NodeJS.ProcessEnv = process.env): RunHooksDeps {
  const llm = llmSettings.load(env);
  const settings = governanceSettings.load(env);
  return {
    redactor: services.redactor,
    maxTimeoutSeconds: settings.GOVERNANCE_HOOK_TIMEOUT_MAX_SECONDS,
    env,
    ...(isModelConfigured(llm) ? { model: { client: modelClient(llm), defaultModel: llm.ANTHROPIC_HOOK_MODEL } } : {}),
  };
}

export { governanceConfig, hookDeps };
