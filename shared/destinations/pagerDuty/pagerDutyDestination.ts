import { z } from 'zod';
import { resolveSecret } from '../secretReference';
import { baseOf, pinnedUrl } from '../hostPinning';
import { DEFAULT_RUNTIME, send, type DestinationRuntime } from '../destinationRuntime';
import type { CallOutcome } from '../callWithRetry';
import type { DeliveryMessage, DeliveryResult } from '../deliveryTypes';
import { delivered, failed, skipped, type DeliveryContext, type Destination } from '../destination';
import { noteText, rootCauseLine } from '../deliveryText';
import { pagerDutyIncidentOf } from '../targets';
import { PAGERDUTY_API_HOSTS, type PagerDutyWriteBackSettings } from './pagerDutyWriteBackSettings';

/** PagerDuty keeps at most this many notes per incident (REST API reference, create note). */
const PAGERDUTY_NOTE_LIMIT = 2000;

const NotesListSchema = z.object({ notes: z.array(z.object({ id: z.string(), content: z.string() }).loose()) }).loose();
const NoteCreatedSchema = z.object({ note: z.object({ id: z.string() }).loose() }).loose();
const LogEntriesPageSchema = z
  .object({ log_entries: z.array(z.object({ type: z.string(), message: z.string().optional() }).loose()), more: z.boolean().optional() })
  .loose();
const IncidentSchema = z.object({ incident: z.object({ id: z.string(), status: z.enum(['triggered', 'acknowledged', 'resolved']) }).loose() }).loose();

/** Log entries read per page (PagerDuty's maximum `limit`), and pages read before giving up. */
const LOG_ENTRIES_PAGE = 100;
const LOG_ENTRIES_MAX_PAGES = 20;

/** PagerDuty error codes that mean the state we want is already there (REST errors reference). */
const ALREADY_RESOLVED = 1001;
const ALREADY_ACKNOWLEDGED = 1002;

/**
 * Writes to PagerDuty through REST API v2: a note per message (summary, root cause, link, marker),
 * and, when the plan allows, acknowledge on start, a root-cause status update and a resolve
 * (autonomous mode only). Requests are serial, as PagerDuty advises per token.
 */
class PagerDutyDestination implements Destination {
  public readonly name = 'pagerduty' as const;
  private readonly base: string | undefined;
  private readonly token: string | undefined;

  public constructor(
    private readonly settings: PagerDutyWriteBackSettings | undefined,
    private readonly runtime: DestinationRuntime = DEFAULT_RUNTIME,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    if (settings) {
      this.base = baseOf(pinnedUrl('PAGERDUTY_API_BASE_URL', settings.PAGERDUTY_API_BASE_URL, PAGERDUTY_API_HOSTS, runtime.allowTestHosts));
      this.token = resolveSecret('PAGERDUTY_API_TOKEN', settings.PAGERDUTY_API_TOKEN, env);
    }
  }

  public isConfigured(): boolean {
    return this.settings !== undefined;
  }

  public async deliver(message: DeliveryMessage, ctx: DeliveryContext): Promise<DeliveryResult> {
    const incidentId = pagerDutyIncidentOf(message);
    if (!incidentId) return skipped(this.name, ctx, 'the incident is not linked to a PagerDuty incident');
    const path = `/incidents/${encodeURIComponent(incidentId)}`;
    const actions = message.planActions.pagerduty;
    let attempts = 0;
    const call = async (method: 'GET' | 'POST' | 'PUT', route: string, body?: unknown, landed?: () => Promise<boolean>): Promise<CallOutcome> => {
      const outcome = await send(
        this.runtime,
        {
          method,
          url: `${this.base}${route}`,
          headers: this.headers(method !== 'GET'),
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          ...(ctx.signal ? { signal: ctx.signal } : {}),
        },
        landed,
      );
      attempts += outcome.attempts;
      return outcome;
    };

    if (message.kind === 'investigation-started' && actions.acknowledge && !ctx.completedSteps.has('acknowledge')) {
      const outcome = await this.setStatus(call, path, 'acknowledged');
      if (!outcome.ok) return failed(this.name, ctx, attempts, outcome.error);
      await ctx.completeStep('acknowledge');
    }

    let noteId: string | undefined;
    if (!ctx.completedSteps.has('note')) {
      const listed = await call('GET', `${path}/notes`);
      if (!listed.ok) return failed(this.name, ctx, attempts, listed.error);
      const notes = NotesListSchema.safeParse(parseJson(listed.response.text));
      if (!notes.success) return failed(this.name, ctx, attempts, { code: 'bad_response', message: 'PagerDuty returned an unexpected notes list', retryable: true });
      noteId = notes.data.notes.find((note) => note.content.includes(ctx.marker))?.id;
      if (!noteId) {
        if (notes.data.notes.length >= PAGERDUTY_NOTE_LIMIT) {
          return failed(this.name, ctx, attempts, { code: 'note_limit', message: `the incident already has ${PAGERDUTY_NOTE_LIMIT} notes, PagerDuty's maximum`, retryable: false });
        }
        // A note POST is not idempotent: before repeating one whose answer was lost, look for our marker.
        const landed = async (): Promise<boolean> => {
          const again = await call('GET', `${path}/notes`);
          return again.ok && (NotesListSchema.safeParse(parseJson(again.response.text)).data?.notes.some((note) => note.content.includes(ctx.marker)) ?? false);
        };
        const posted = await call('POST', `${path}/notes`, { note: { content: noteText(message, ctx.marker) } }, landed);
        if (!posted.ok) return failed(this.name, ctx, attempts, posted.error);
        noteId = NoteCreatedSchema.safeParse(parseJson(posted.response.text)).data?.note.id;
      }
      await ctx.completeStep('note');
    }

    const rootCause = rootCauseLine(message);
    if (message.kind === 'report' && actions.statusUpdate && rootCause && !ctx.completedSteps.has('status-update')) {
      // A status update is not idempotent and cannot be listed itself; it shows in the incident's
      // log entries, so the marker is looked up there before a repeat (after a crash or a lost answer).
      const posted = async (): Promise<boolean> => (await this.statusUpdatePosted(call, path, ctx.marker)) === true;
      if (!(ctx.recovering && (await posted()))) {
        const outcome = await call('POST', `${path}/status_updates`, { message: `${rootCause} Full report: ${message.links.report}\n-- ${ctx.marker}` }, posted);
        if (!outcome.ok) return failed(this.name, ctx, attempts, outcome.error);
      }
      await ctx.completeStep('status-update');
    }

    if (message.kind === 'report' && actions.resolve && message.mode === 'autonomous' && !ctx.completedSteps.has('resolve')) {
      const outcome = await this.setStatus(call, path, 'resolved', rootCause ?? `Resolved by incident-responder. Report: ${message.links.report}`);
      if (!outcome.ok) return failed(this.name, ctx, attempts, outcome.error);
      await ctx.completeStep('resolve');
    }
    return delivered(this.name, ctx, attempts, noteId ? `note:${noteId}` : undefined);
  }

  /**
   * Whether a status update carrying `marker` is in the incident's log entries
   * (`status_update_log_entry`, its text in `message`); `undefined` when they cannot be read.
   */
  private async statusUpdatePosted(call: (method: 'GET', route: string) => Promise<CallOutcome>, path: string, marker: string): Promise<boolean | undefined> {
    for (let page = 0; page < LOG_ENTRIES_MAX_PAGES; page++) {
      const query = new URLSearchParams({ limit: String(LOG_ENTRIES_PAGE), offset: String(page * LOG_ENTRIES_PAGE) }).toString();
      const listed = await call('GET', `${path}/log_entries?${query}`);
      if (!listed.ok) return undefined;
      const entries = LogEntriesPageSchema.safeParse(parseJson(listed.response.text));
      if (!entries.success) return undefined;
      if (entries.data.log_entries.some((entry) => entry.type === 'status_update_log_entry' && entry.message?.includes(marker))) return true;
      if (!entries.data.more) return false;
    }
    return undefined;
  }

  /**
   * Sets the status unless it is already there. Reads the incident first: setting
   * `acknowledged` on a resolved incident would reopen it.
   */
  private async setStatus(
    call: (method: 'GET' | 'PUT', route: string, body?: unknown) => Promise<CallOutcome>,
    path: string,
    status: 'acknowledged' | 'resolved',
    resolution?: string,
  ): Promise<CallOutcome | { ok: true }> {
    const current = await call('GET', path);
    if (!current.ok) return current;
    const incident = IncidentSchema.safeParse(parseJson(current.response.text));
    const now = incident.success ? incident.data.incident.status : undefined;
    if (now === 'resolved' || now === status) return { ok: true };
    const body = { incident: { type: 'incident_reference', status, ...(status === 'resolved' && resolution ? { resolution } : {}) } };
    const outcome = await call('PUT', path, body);
    if (!outcome.ok && outcome.response) {
      const code = errorCodeOf(outcome.response.text);
      if (code === ALREADY_RESOLVED || code === ALREADY_ACKNOWLEDGED) return { ok: true };
    }
    return outcome;
  }

  private headers(withBody: boolean): Record<string, string> {
    return {
      Authorization: `Token token=${this.token ?? ''}`,
      Accept: 'application/vnd.pagerduty+json;version=2',
      From: this.settings?.PAGERDUTY_FROM_EMAIL ?? '',
      ...(withBody ? { 'Content-Type': 'application/json' } : {}),
    };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorCodeOf(text: string): number | undefined {
  const code = (parseJson(text) as { error?: { code?: unknown } } | undefined)?.error?.code;
  return typeof code === 'number' ? code : undefined;
}

export { PagerDutyDestination, PAGERDUTY_NOTE_LIMIT };
