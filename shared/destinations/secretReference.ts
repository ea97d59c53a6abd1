import { ConfigError } from '../errors';

const ENV_REFERENCE = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/;

/**
 * Resolves a secret setting. `${env:NAME}` reads another variable (so one secret can be shared or
 * renamed without copying it); Key Vault references (`@Microsoft.KeyVault(...)`) are resolved by
 * the Functions platform before the app starts, so one that arrives unresolved is a
 * configuration error (usually the app's identity may not read the vault). The value itself is
 * never put in an error.
 */
function resolveSecret(setting: string, value: string, env: NodeJS.ProcessEnv = process.env): string {
  const reference = ENV_REFERENCE.exec(value.trim());
  if (reference) {
    const target = env[reference[1]!]?.trim();
    if (!target) throw new ConfigError(setting, `refers to \${env:${reference[1]}}, which is not set`);
    if (ENV_REFERENCE.test(target)) throw new ConfigError(setting, `\${env:${reference[1]}} refers to another reference; one level only`);
    return target;
  }
  if (/^@Microsoft\.KeyVault\(/i.test(value.trim())) {
    throw new ConfigError(setting, 'is a Key Vault reference the platform did not resolve; check that the app identity can read the secret');
  }
  return value;
}

export { resolveSecret };

const EMBEDDED_ENV_REFERENCE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Resolves every `${env:NAME}` inside a value (e.g. `Bearer ${env:MCP_TOKEN}`) with the rules of
 * {@link resolveSecret}; text around the references is kept. The value is never put in an error.
 */
function expandSecretReferences(setting: string, value: string, env: NodeJS.ProcessEnv = process.env): string {
  if (/^@Microsoft\.KeyVault\(/i.test(value.trim())) return resolveSecret(setting, value, env);
  return value.replace(EMBEDDED_ENV_REFERENCE, (reference) => resolveSecret(setting, reference, env));
}

export { expandSecretReferences };
