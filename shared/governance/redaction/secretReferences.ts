import { ConfigError } from '../../errors';
import { BUILT_IN_SECRET_PATTERNS } from './secretPatterns';

const ENV_REFERENCE = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/;
const KEY_VAULT_REFERENCE = /^@Microsoft\.KeyVault\((?:SecretUri=https:\/\/[^)]+|VaultName=[^;)]+;SecretName=[^;)]+(?:;SecretVersion=[^;)]+)?)\)$/;
/** Config keys that must hold a reference, never a literal value. */
const SECRET_FIELD = /(?:password|passwd|secret|token|api_?key|apikey|access_?key|account_?key|connection_?string|private_?key|routing_?key|integration_?key|sas)$/i;
const BUILT_IN = new RegExp(BUILT_IN_SECRET_PATTERNS.map((p) => `(?:${p.pattern})`).join('|'), 'i');

/** True for `${env:NAME}` or an App Service Key Vault reference `@Microsoft.KeyVault(...)`. */
function isSecretReference(value: string): boolean {
  return ENV_REFERENCE.test(value) || KEY_VAULT_REFERENCE.test(value);
}

/**
 * Resolves a secret reference at use time. `${env:NAME}` reads the app setting NAME (on Azure a
 * Key Vault reference in that setting is resolved by the platform before the app sees it).
 *
 * @throws ConfigError when the value is a literal, or names a setting that is not set.
 */
function resolveSecretReference(value: string, where: string, env: NodeJS.ProcessEnv = process.env): string {
  const name = ENV_REFERENCE.exec(value)?.[1];
  if (!name) {
    throw new ConfigError(where, 'a secret must be written as ${env:NAME} (an app setting, or a Key Vault reference on Azure), not literally');
  }
  const resolved = env[name];
  if (resolved === undefined || resolved === '') throw new ConfigError(where, `refers to \${env:${name}} but ${name} is not set`);
  return resolved;
}

/** Where a literal secret sits in a parsed configuration value. */
interface LiteralSecretFinding {
  /** Dotted path, e.g. `connectors.datadog.apiKey`. */
  path: string;
  why: string;
}

/**
 * Finds literal secrets in a parsed configuration file (rules, hooks, connectors): a
 * secret-named field that is not a reference, or any string shaped like a known secret.
 * The finding never contains the value.
 */
function findLiteralSecrets(value: unknown, path = ''): LiteralSecretFinding[] {
  const findings: LiteralSecretFinding[] = [];
  const visit = (node: unknown, at: string, key: string | undefined): void => {
    if (typeof node === 'string') {
      if (isSecretReference(node)) return;
      if (key !== undefined && SECRET_FIELD.test(key) && node.length > 0) {
        findings.push({ path: at, why: `field '${key}' holds a literal value; write it as \${env:NAME}` });
      } else if (BUILT_IN.test(node)) {
        findings.push({ path: at, why: 'the value looks like a secret (key, token or password); reference it as ${env:NAME}' });
      }
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, `${at}[${index}]`, key));
      return;
    }
    if (node !== null && typeof node === 'object') {
      for (const [childKey, child] of Object.entries(node as Record<string, unknown>)) {
        visit(child, at ? `${at}.${childKey}` : childKey, childKey);
      }
    }
  };
  visit(value, path, undefined);
  return findings;
}

export { isSecretReference, resolveSecretReference, findLiteralSecrets };
export type { LiteralSecretFinding };
