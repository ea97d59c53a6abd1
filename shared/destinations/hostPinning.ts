import { ConfigError } from '../errors';

/**
 * Checks that a configured URL points where its vendor lives: https and a host matching one of
 * `patterns` (`*.` matches one or more labels). With `allowTestHosts` any host, and plain http
 * to a loopback address, are accepted (local fakes). Returns the URL without a trailing slash.
 */
function pinnedUrl(setting: string, raw: string, patterns: readonly string[], allowTestHosts: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new ConfigError(setting, 'is not a valid URL', { cause });
  }
  if (url.username || url.password) throw new ConfigError(setting, 'must not carry credentials in the URL');
  if (allowTestHosts) {
    const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i.test(url.hostname);
    if (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) return url;
    throw new ConfigError(setting, 'must be https (plain http only for localhost, with DESTINATIONS_ALLOW_TEST_HOSTS)');
  }
  if (url.protocol !== 'https:') throw new ConfigError(setting, 'must be an https:// URL');
  const host = url.hostname.toLowerCase();
  const allowed = patterns.some((pattern) => (pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1 : host === pattern));
  if (!allowed) throw new ConfigError(setting, `host ${host} is not allowed here (expected ${patterns.join(' or ')})`);
  return url;
}

/** `origin + path` without a trailing slash, for joining API paths. */
function baseOf(url: URL): string {
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

export { pinnedUrl, baseOf };
