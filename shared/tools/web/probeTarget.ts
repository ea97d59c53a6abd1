import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { platformRange, specialPurposeRange } from './specialAddresses';

/** One address a host name resolved to. */
interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address; injectable so tests can simulate a hostile DNS. */
type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** The outcome of the SSRF check: the address to connect to, or why the target is refused. */
type ProbeTarget =
  | {
      ok: true;
      /** The address the probe must connect to (pinned, so a second DNS answer cannot change it). */
      pinned: ResolvedAddress;
      /** Every address the name resolved to; all of them passed the check. */
      addresses: ResolvedAddress[];
      /** True when the host is on the allow-list, which lifts the special-purpose check. */
      allowListed: boolean;
    }
  | { ok: false; code: 'target_refused' | 'dns_failure'; message: string };

const systemResolver: HostResolver = async (hostname) => {
  const answers = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** Strips the brackets of an IPv6 URL host (`[::1]` → `::1`) and a trailing dot. */
function bareHost(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();
}

/** True when `host` matches an allow-list entry: exact name or IP, or `*.suffix` for subdomains. */
function isAllowListed(host: string, allowedHosts: ReadonlyArray<string>): boolean {
  const name = bareHost(host);
  return allowedHosts.some((entry) => {
    const pattern = bareHost(entry);
    if (pattern.startsWith('*.')) return name.endsWith(pattern.slice(1)) && name.length > pattern.length - 1;
    return name === pattern;
  });
}

/**
 * The SSRF guard of the probes. Resolves the host first and checks EVERY address (IPv4 and IPv6):
 * one private answer among public ones refuses the target, because the client could pick it.
 * The caller connects to `pinned` (never re-resolving the name), which defeats DNS rebinding.
 * Hosts on the allow-list skip the range check but are still pinned.
 */
async function resolveProbeTarget(
  host: string,
  allowedHosts: ReadonlyArray<string>,
  resolver: HostResolver = systemResolver,
): Promise<ProbeTarget> {
  const name = bareHost(host);
  const allowListed = isAllowListed(name, allowedHosts);
  let addresses: ResolvedAddress[];
  const literal = isIP(name);
  if (literal !== 0) {
    addresses = [{ address: name, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await resolver(name);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      return { ok: false, code: 'dns_failure', message: `cannot resolve ${name}: ${typeof code === 'string' ? code : (error as Error).message}` };
    }
    if (addresses.length === 0) return { ok: false, code: 'dns_failure', message: `${name} has no addresses` };
  }
  for (const { address } of addresses) {
    // Link-local (instance metadata) and the Azure platform addresses are never a probe target,
    // allow-listed or not: a dangling DNS name under an allowed domain must not reach them.
    const platform = platformRange(address);
    if (platform) {
      return { ok: false, code: 'target_refused', message: `${name} resolves to ${address} (${platform}); probes never reach platform or metadata addresses` };
    }
  }
  if (!allowListed) {
    for (const { address } of addresses) {
      const range = specialPurposeRange(address);
      if (range) {
        return {
          ok: false,
          code: 'target_refused',
          message:
            `${name} resolves to ${address} (${range}); probes only reach public addresses unless the host is in ` +
            'TELEMETRY_PROBE_ALLOWED_HOSTS',
        };
      }
    }
  }
  const pinned = addresses[0] as ResolvedAddress;
  return { ok: true, pinned, addresses, allowListed };
}

export { resolveProbeTarget, isAllowListed, bareHost };
export type { ResolvedAddress, HostResolver, ProbeTarget };
