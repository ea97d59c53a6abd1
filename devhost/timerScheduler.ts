import { RestError, TableClient } from '@azure/data-tables';
import { CronExpressionParser } from 'cron-parser';
import type { LoadedApp } from './appLoader';
import { invokeFunction } from './invoker';
import type { Logger } from './logger';

/** A parsed timer schedule: NCRONTAB (6 fields, seconds first) or a TimeSpan such as `00:05:00`. */
interface Schedule {
  next(after: Date): Date;
  /** Longer than a minute: the real host monitors such schedules for past-due runs by default. */
  monitoredByDefault: boolean;
}

/**
 * Parses a Functions timer schedule. NCRONTAB needs exactly six fields
 * (`{second} {minute} {hour} {day} {month} {day-of-week}`), evaluated in UTC
 * (or `WEBSITE_TIME_ZONE` when set, as on Azure).
 */
function parseSchedule(expression: string, timeZone = process.env.WEBSITE_TIME_ZONE ?? 'UTC'): Schedule {
  const timeSpan = /^(\d+\.)?(\d{1,2}):(\d{2}):(\d{2})$/.exec(expression.trim());
  if (timeSpan) {
    const [, days, hours, minutes, seconds] = timeSpan;
    const periodMs = ((Number(days?.slice(0, -1) ?? 0) * 24 + Number(hours)) * 3600 + Number(minutes) * 60 + Number(seconds)) * 1000;
    if (periodMs <= 0) throw new Error(`timer schedule "${expression}" must be a positive TimeSpan`);
    return { next: (after) => new Date(after.getTime() + periodMs), monitoredByDefault: periodMs > 60_000 };
  }
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 6) {
    throw new Error(`timer schedule "${expression}" must have 6 NCRONTAB fields ({second} {minute} {hour} {day} {month} {day-of-week}), found ${fields.length}`);
  }
  CronExpressionParser.parse(expression, { tz: timeZone });
  const next = (after: Date): Date => CronExpressionParser.parse(expression, { currentDate: after, tz: timeZone }).next().toDate();
  const first = next(new Date(0));
  return { next, monitoredByDefault: next(first).getTime() - first.getTime() > 60_000 };
}

/**
 * The real host's switch for one function: the app setting `AzureWebJobs.<name>.Disabled` set to
 * `true` (or `1`) keeps its trigger from firing.
 */
function isDisabled(name: string, env: NodeJS.ProcessEnv): boolean {
  const key = Object.keys(env).find((k) => k.toLowerCase() === `azurewebjobs.${name.toLowerCase()}.disabled`);
  return key !== undefined && /^(true|1)$/i.test(env[key] ?? '');
}

interface ScheduleStatus {
  last: string;
  next: string;
  lastUpdated: string;
}

/**
 * Fires the app's timer triggers on schedule. Like the real host's ScheduleMonitor, it records
 * each monitored timer's last and next occurrence in storage; a timer whose recorded next
 * occurrence passed while the host was down fires at startup with `isPastDue: true`.
 */
class TimerScheduler {
  private readonly handles = new Map<string, NodeJS.Timeout>();
  private readonly table: TableClient;
  private stopped = false;

  public constructor(
    private readonly app: LoadedApp,
    connectionString: string,
    private readonly logger: Logger,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.table = TableClient.fromConnectionString(connectionString, 'DevhostTimerStatus', { allowInsecureConnection: true });
  }

  public async start(): Promise<void> {
    try {
      await this.table.createTable();
    } catch (error) {
      if (!(error instanceof RestError && error.statusCode === 409)) throw error;
    }
    for (const fn of this.app.core.functions.values()) {
      const trigger = Object.values(fn.metadata.bindings).find((b) => b.type === 'timerTrigger');
      if (!trigger) continue;
      if (isDisabled(fn.metadata.name, this.env)) {
        this.logger.log('information', 'timer disabled by its AzureWebJobs.<name>.Disabled setting', { function: fn.metadata.name });
        continue;
      }
      const schedule = parseSchedule(String(trigger.schedule));
      const monitored = trigger.useMonitor === undefined ? schedule.monitoredByDefault : Boolean(trigger.useMonitor);
      const status = monitored ? await this.readStatus(fn.metadata.name) : undefined;
      const now = new Date();
      if (status && new Date(status.next) < now) {
        await this.fire(fn.metadata.name, schedule, monitored, true, status);
      } else if (trigger.runOnStartup) {
        await this.fire(fn.metadata.name, schedule, monitored, false, status);
      } else {
        this.arm(fn.metadata.name, schedule, monitored, status);
      }
    }
  }

  public stop(): void {
    this.stopped = true;
    for (const handle of this.handles.values()) clearTimeout(handle);
    this.handles.clear();
  }

  private arm(name: string, schedule: Schedule, monitored: boolean, status: ScheduleStatus | undefined): void {
    if (this.stopped) return;
    const next = schedule.next(new Date());
    const delay = Math.min(next.getTime() - Date.now(), 2 ** 31 - 1);
    if (monitored) void this.writeStatus(name, { last: status?.last ?? new Date(0).toISOString(), next: next.toISOString(), lastUpdated: new Date().toISOString() });
    this.handles.set(name, setTimeout(() => void this.fire(name, schedule, monitored, Date.now() - next.getTime() > 1000, status), Math.max(0, delay)));
  }

  private async fire(name: string, schedule: Schedule, monitored: boolean, isPastDue: boolean, status: ScheduleStatus | undefined): Promise<void> {
    if (this.stopped) return;
    const now = new Date();
    const next = schedule.next(now);
    const payload = {
      Schedule: { AdjustForDST: true },
      ScheduleStatus: status ? { Last: status.last, Next: status.next, LastUpdated: status.lastUpdated } : null,
      IsPastDue: isPastDue,
    };
    try {
      await invokeFunction(this.app, name, [{ bindingType: 'timerTrigger', data: { json: JSON.stringify(payload) } }], this.logger);
    } catch (error) {
      this.logger.log('error', `timer function failed: ${error instanceof Error ? error.message : String(error)}`, { function: name });
    }
    const updated = { last: now.toISOString(), next: next.toISOString(), lastUpdated: new Date().toISOString() };
    if (monitored) await this.writeStatus(name, updated);
    this.arm(name, schedule, monitored, updated);
  }

  private async readStatus(name: string): Promise<ScheduleStatus | undefined> {
    try {
      const entity = await this.table.getEntity<ScheduleStatus>('timers', name.toLowerCase());
      return { last: entity.last, next: entity.next, lastUpdated: entity.lastUpdated };
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return undefined;
      throw error;
    }
  }

  private async writeStatus(name: string, status: ScheduleStatus): Promise<void> {
    try {
      await this.table.upsertEntity({ partitionKey: 'timers', rowKey: name.toLowerCase(), ...status }, 'Replace');
    } catch (error) {
      this.logger.log('warning', `could not record timer status: ${error instanceof Error ? error.message : String(error)}`, { function: name });
    }
  }
}

export { TimerScheduler, parseSchedule };
export type { Schedule };
