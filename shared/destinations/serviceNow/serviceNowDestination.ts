import { z } from 'zod';
import { baseOf, pinnedUrl } from '../hostPinning';
import { DEFAULT_RUNTIME, send, type DestinationRuntime } from '../destinationRuntime';
import type { CallOutcome } from '../callWithRetry';
import type { DeliveryMessage, DeliveryResult } from '../deliveryTypes';
import { delivered, failed, skipped, type DeliveryContext, type Destination } from '../destination';
import { noteText, rootCauseLine } from '../deliveryText';
import { serviceNowSysIdOf } from '../targets';
import { serviceNowAuth, type ServiceNowAuth } from './serviceNowAuth';
import { SERVICENOW_HOSTS, type ServiceNowWriteBackSettings } from './serviceNowWriteBackSettings';

const RecordSchema = z.object({ result: z.object({ sys_id: z.string() }).loose() }).loose();
const JournalListSchema = z.object({ result: z.array(z.object({ sys_id: z.string() }).loose()) }).loose();

/** ServiceNow's resolved state (out-of-box incident state model). */
const STATE_RESOLVED = '6';

/**
 * Writes to a ServiceNow incident through the Table API: one PATCH per message carrying the
 * work note and, for a report, the state changes the plan allows (impact and urgency, never
 * priority; resolve with close code and notes in autonomous mode). Every value is a string, as
 * the Table API expects. One PATCH means the note and the state change land together or not at all.
 */
class ServiceNowDestination implements Destination {
  public readonly name = 'servicenow' as const;
  private readonly base: string | undefined;
  private readonly auth: ServiceNowAuth | undefined;

  public constructor(
    private readonly settings: ServiceNowWriteBackSettings | undefined,
    private readonly runtime: DestinationRuntime = DEFAULT_RUNTIME,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    if (settings) {
      this.base = baseOf(pinnedUrl('SERVICENOW_INSTANCE_URL', settings.SERVICENOW_INSTANCE_URL, SERVICENOW_HOSTS, runtime.allowTestHosts));
      this.auth = serviceNowAuth(settings, this.base, runtime, env);
    }
  }

  public isConfigured(): boolean {
    return this.settings !== undefined;
  }

  public async deliver(message: DeliveryMessage, ctx: DeliveryContext): Promise<DeliveryResult> {
    const sysId = serviceNowSysIdOf(message);
    if (!sysId) return skipped(this.name, ctx, 'the incident is not linked to a ServiceNow incident');
    let attempts = 0;
    const call = async (method: 'GET' | 'PATCH', route: string, body?: Record<string, string>, landed?: () => Promise<boolean>): Promise<CallOutcome> => {
      for (let round = 0; ; round++) {
        const auth = await this.auth!.header(ctx.signal);
        attempts += auth.attempts;
        if (!auth.ok) return auth;
        const outcome = await send(
          this.runtime,
          {
            method,
            url: `${this.base}${route}`,
            headers: { Authorization: auth.value, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
            ...(body ? { body: JSON.stringify(body) } : {}),
            ...(ctx.signal ? { signal: ctx.signal } : {}),
          },
          landed,
        );
        attempts += outcome.attempts;
        // An OAuth token can be revoked before it expires: fetch a new one once.
        if (!outcome.ok && outcome.error.httpStatus === 401 && this.settings?.SERVICENOW_AUTH === 'oauth' && round === 0) {
          this.auth!.reset();
          continue;
        }
        return outcome;
      }
    };

    if (ctx.completedSteps.has('patch')) return delivered(this.name, ctx, attempts, `sys_id:${sysId}`);
    // work_notes is write-only on the incident; notes live in sys_journal_field. Reading it needs
    // a role the integration user may not have: then we cannot tell, and post again.
    const alreadyNoted = async (): Promise<boolean> => {
      const query = `element_id=${sysId}^element=work_notes^valueLIKE${ctx.marker}`;
      const found = await call('GET', `/api/now/table/sys_journal_field?${new URLSearchParams({ sysparm_query: query, sysparm_fields: 'sys_id', sysparm_limit: '1' }).toString()}`);
      return found.ok && (JournalListSchema.safeParse(safeJson(found.response.text)).data?.result.length ?? 0) > 0;
    };
    if (ctx.recovering && (await alreadyNoted())) {
      await ctx.completeStep('patch');
      return delivered(this.name, ctx, attempts, `sys_id:${sysId}`);
    }

    const body: Record<string, string> = { work_notes: noteText(message, ctx.marker) };
    const actions = message.planActions.servicenow;
    if (message.kind === 'report') {
      if (actions.impact) body.impact = actions.impact;
      if (actions.urgency) body.urgency = actions.urgency;
      if (actions.resolve && message.mode === 'autonomous') {
        body.state = STATE_RESOLVED;
        body.close_code = this.settings!.SERVICENOW_CLOSE_CODE;
        body.close_notes = `${rootCauseLine(message) ?? 'Resolved by incident-responder.'} Report: ${message.links.report}`;
      }
    }
    const query = new URLSearchParams({ sysparm_fields: 'sys_id,number,state', sysparm_exclude_reference_link: 'true' }).toString();
    // Adding a work note is not idempotent: before repeating a PATCH whose answer was lost, look for our marker.
    const patched = await call('PATCH', `/api/now/table/incident/${encodeURIComponent(sysId)}?${query}`, body, alreadyNoted);
    if (!patched.ok) return failed(this.name, ctx, attempts, patched.error);
    await ctx.completeStep('patch');
    const record = RecordSchema.safeParse(safeJson(patched.response.text));
    return delivered(this.name, ctx, attempts, `sys_id:${record.data?.result.sys_id ?? sysId}`);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export { ServiceNowDestination };
