import { hostname } from 'node:os';

/**
 * Who holds a claim (a queued investigation being started, a delivery being processed):
 * `<host>|<pid>|<process start, ms since epoch>`. The host is the App Service instance
 * (`WEBSITE_INSTANCE_ID`) or the machine name.
 */
const PROCESS_STARTED_AT = Math.round(Date.now() - process.uptime() * 1000);
const HOST_ID = (process.env.WEBSITE_INSTANCE_ID ?? hostname()).replace(/\|/g, '_');
const CURRENT_OWNER = `${HOST_ID}|${process.pid}|${PROCESS_STARTED_AT}`;

/** The claim owner string of this process. */
function currentClaimOwner(): string {
  return CURRENT_OWNER;
}

/** True when `pid` is a live process on this machine (signal 0 only checks). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * True when the process that holds a claim is known to be gone, so the claim may be taken over
 * at once instead of after the claim timeout: it ran on this host and its process no longer
 * exists, or this very pid belongs to a newer process (a restarted container reuses pid 1).
 * A claim of another host, or of a live process here, is never judged dead: it is left to the
 * timeout. A claim with no owner (written by an older version) is not judged either.
 */
function isClaimOwnerDead(owner: string | undefined): boolean {
  if (!owner) return false;
  const [host, pidText, startedText] = owner.split('|');
  const pid = Number(pidText);
  if (host !== HOST_ID || !Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return Number(startedText) !== PROCESS_STARTED_AT;
  return !isAlive(pid);
}

export { currentClaimOwner, isClaimOwnerDead };
