/**
 * How the telemetry emulator tells time.
 *
 * - `system` (default): scenarios look recent. At load the anchor is the wall clock, absolute
 *   times shift by (load time - recordedAt) and `now()` follows the wall clock. Good for bundled
 *   incidents; but the shift carries the load delay to the millisecond, so a query's datetime
 *   literals and `bin()` boundaries no longer line up with the recorded data.
 * - `recorded`: the clock stands still at the scenarios' `recordedAt`; absolute times load as
 *   recorded. For exported data: `now()`, `ago()`, datetime literals and `bin()` all agree with it.
 * - an ISO 8601 instant: the clock stands still at that instant and absolute times load as
 *   recorded, e.g. to replay queries as they ran when an alert fired before the export.
 * Relative times in the files (`@-15m`) always count from the anchor.
 */
import { z } from 'zod';

import type { TimeAnchor } from './relativeTime';

type EmulatorClock = { kind: 'system' } | { kind: 'recorded' } | { kind: 'pinned'; at: Date };

const SYSTEM_CLOCK: EmulatorClock = { kind: 'system' };

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** `system`, `recorded` or an ISO 8601 instant with a zone (`2026-03-04T11:00:00Z`). */
const EmulatorClockSchema = z
  .string()
  .trim()
  .transform((text, context): EmulatorClock => {
    const lowered = text.toLowerCase();
    if (lowered === 'system' || lowered === '') return SYSTEM_CLOCK;
    if (lowered === 'recorded') return { kind: 'recorded' };
    const at = ISO_INSTANT.test(text) ? Date.parse(text) : NaN;
    if (Number.isNaN(at)) {
      context.addIssue({ code: 'custom', message: `clock must be system, recorded or an ISO 8601 instant with a zone such as 2026-03-04T11:00:00Z (got ${JSON.stringify(text)})` });
      return z.NEVER;
    }
    return { kind: 'pinned', at: new Date(at) };
  });

/** Parses a `--clock` / `TELEMETRY_EMULATOR_CLOCK` value; throws with the accepted forms. */
function parseEmulatorClock(text: string): EmulatorClock {
  const parsed = EmulatorClockSchema.safeParse(text);
  if (!parsed.success) throw new Error(parsed.error.issues[0]!.message);
  return parsed.data;
}

/** Where a scenario's times land: the anchor of relative times and the shift of absolute ones. */
function timeAnchorFor(clock: EmulatorClock, loadTime: Date, recordedAt: string): TimeAnchor {
  switch (clock.kind) {
    case 'system':
      return { anchor: loadTime, shiftMs: loadTime.getTime() - Date.parse(recordedAt) };
    case 'recorded':
      return { anchor: new Date(recordedAt), shiftMs: 0 };
    case 'pinned':
      return { anchor: clock.at, shiftMs: 0 };
  }
}

/**
 * What `now()` is for every request. With `recorded`, every loaded scenario must share one
 * `recordedAt`, since one clock serves them all.
 *
 * @throws Error when `recorded` has no scenario or scenarios recorded at different times.
 */
function requestClock(clock: EmulatorClock, scenarios: ReadonlyArray<{ id: string; anchor: Date }>, systemNow: () => Date): () => Date {
  if (clock.kind === 'system') return systemNow;
  if (clock.kind === 'pinned') return () => new Date(clock.at);
  const anchors = [...new Set(scenarios.map((scenario) => scenario.anchor.toISOString()))];
  if (anchors.length !== 1) {
    const seen = scenarios.map((scenario) => `${scenario.id} ${scenario.anchor.toISOString()}`).join(', ') || 'no scenario loaded';
    throw new Error(`--clock recorded needs scenarios that share one recordedAt (${seen}); load one scenario or pass an ISO instant`);
  }
  const at = new Date(anchors[0]!);
  return () => new Date(at);
}

export type { EmulatorClock };
export { SYSTEM_CLOCK, EmulatorClockSchema, parseEmulatorClock, timeAnchorFor, requestClock };
