import { isAbsolute, resolve } from 'node:path';
import type { BlobServiceClient } from '@azure/storage-blob';
import { ConfigError } from '../errors';
import { readConfigText } from './configFile';
import type { GovernanceSettings } from './governanceSettings';
import { NO_HOOKS, type HookConfig } from './hooks/hookConfig';
import { readHookPath } from './hooks/readHookPath';
import { parseRuleFile, type RuleFile } from './rules/ruleFile';

/** The configuration governance reads at startup. */
interface GovernanceConfig {
  rules: RuleFile;
  hooks: HookConfig;
  /** Where each came from, for the configuration-load audit record. */
  sources: { rules: string; hooks: string };
  /** Fields of the hooks file(s) that are ignored or cannot be expressed here (Azure SRE Agent files), `<file>:<line>: <field>: <why>`. */
  warnings: string[];
}

/**
 * Reads and validates the rules (blob when `GOVERNANCE_RULES_BLOB` is set, else the file) and
 * the hooks file or folder (any Azure SRE Agent hook shape). Call it at startup and fail there:
 * errors name the file and line; what is ignored or cannot be expressed comes back as `warnings`.
 *
 * @param appRoot folder relative paths start from (the app root).
 * @throws ConfigError
 */
async function loadGovernanceConfig(settings: GovernanceSettings, appRoot: string, blobs?: BlobServiceClient): Promise<GovernanceConfig> {
  let rules: RuleFile;
  let rulesSource: string;
  if (settings.GOVERNANCE_RULES_BLOB) {
    if (!blobs) throw new ConfigError('GOVERNANCE_RULES_BLOB', 'is set but no storage client was given to read it');
    const [container, ...rest] = settings.GOVERNANCE_RULES_BLOB.split('/');
    rulesSource = `blob:${settings.GOVERNANCE_RULES_BLOB}`;
    let text: string;
    try {
      text = (await blobs.getContainerClient(container!).getBlobClient(rest.join('/')).downloadToBuffer()).toString('utf8');
    } catch (error) {
      throw new ConfigError('GOVERNANCE_RULES_BLOB', 'the rules blob cannot be read; governance fails closed', { cause: error });
    }
    rules = parseRuleFile(rulesSource, text);
  } else {
    const path = isAbsolute(settings.GOVERNANCE_RULES_FILE) ? settings.GOVERNANCE_RULES_FILE : resolve(appRoot, settings.GOVERNANCE_RULES_FILE);
    rulesSource = settings.GOVERNANCE_RULES_FILE;
    rules = parseRuleFile(rulesSource, await readConfigText(path, 'rules'));
  }
  let hooks = NO_HOOKS;
  if (settings.GOVERNANCE_HOOKS_FILE) {
    const path = isAbsolute(settings.GOVERNANCE_HOOKS_FILE) ? settings.GOVERNANCE_HOOKS_FILE : resolve(appRoot, settings.GOVERNANCE_HOOKS_FILE);
    hooks = await readHookPath(path, settings.GOVERNANCE_HOOKS_FILE);
  }
  const warnings = (hooks.notes ?? []).filter((note) => note.kind !== 'mapped').map((note) => `${note.where}: ${note.detail}`);
  return { rules, hooks, sources: { rules: rulesSource, hooks: hooks.source }, warnings };
}

export { loadGovernanceConfig };
export type { GovernanceConfig };
