/**
 * Simulated Application Insights telemetry of a web API: requests with their dependency calls and
 * exceptions, shaped per scenario by a callback (slow periods, failures, a new version).
 */
import type { ScenarioBuilder } from './scenarioBuilder';

/** A downstream call an operation makes. */
interface Dependency {
  target: string;
  type: 'HTTP' | 'SQL' | 'Azure blob' | 'Azure Service Bus' | 'Redis' | 'postgresql' | 'Azure DocumentDB';
  name: string;
  data: string;
  medianMs: number;
}

/** One API operation. */
interface Operation {
  name: string;
  url: string;
  weight: number;
  medianMs: number;
  dependencies: Dependency[];
}

/** An exception recorded with a failed request. */
interface ExceptionInfo {
  type: string;
  message: string;
  method: string;
  innermostType?: string;
  innermostMessage?: string;
  /** The exception chain as App Insights stores it in `Details` (outer first). */
  details?: Array<{ type: string; message: string }>;
}

/** What the scenario does to one request at time `t` (seconds from now). */
interface RequestEffect {
  /** Multiplies the operation's latency. */
  slow?: number;
  /** Fixed extra latency in ms (e.g. waiting for a pooled connection). */
  extraMs?: number;
  failure?: { resultCode: string; exception?: ExceptionInfo; failedDependency?: { target: string; resultCode: string; durationMs: number } };
  /** Per-dependency latency multiplier by target. */
  dependencySlow?: Record<string, number>;
}

interface TrafficOptions {
  from: number;
  to: number;
  perMinute: number;
  roleName: string;
  host: string;
  resourceId: string;
  operations: Operation[];
  instanceAt: (t: number) => string;
  versionAt: (t: number) => string;
  effect: (t: number, operation: Operation) => RequestEffect;
  /** Share of successful, normal-latency requests whose dependency calls are recorded (sampling keeps files small). */
  dependencySample?: number;
}

function bucket(ms: number): string {
  if (ms < 250) return '<250ms';
  if (ms < 500) return '250ms-500ms';
  if (ms < 1000) return '500ms-1sec';
  if (ms < 3000) return '1sec-3sec';
  if (ms < 7000) return '3sec-7sec';
  if (ms < 15000) return '7sec-15sec';
  if (ms < 30000) return '15sec-30sec';
  if (ms < 60000) return '30sec-1min';
  return '1min-2min';
}

/** Emits AppRequests, AppDependencies and AppExceptions rows for the period. */
function simulateTraffic(b: ScenarioBuilder, o: TrafficOptions): void {
  const rng = b.rng;
  const weights = o.operations.map((op) => [op, op.weight] as const);
  for (let minute = o.from; minute < o.to; minute += 60) {
    const diurnal = 1 + 0.15 * Math.sin((minute / 3600) * Math.PI * 0.5);
    const count = Math.max(0, Math.round(o.perMinute * diurnal + (rng.next() - 0.5) * o.perMinute * 0.3));
    for (let i = 0; i < count; i++) {
      const t = minute + rng.next() * 60;
      if (t >= o.to) continue;
      const op = rng.weighted(weights);
      const effect = o.effect(t, op);
      const operationId = rng.hex(32);
      const requestId = rng.hex(16);
      const instance = o.instanceAt(t);
      const common = {
        OperationName: op.name,
        OperationId: operationId,
        AppRoleName: o.roleName,
        AppRoleInstance: instance,
        AppVersion: o.versionAt(t),
        ItemCount: 1,
        _ResourceId: o.resourceId,
      };
      let offset = rng.next() * 5;
      let depTotal = 0;
      const interesting = effect.failure !== undefined || (effect.slow ?? 1) > 1.5 || (effect.extraMs ?? 0) > 200 || effect.dependencySlow !== undefined;
      for (const dep of op.dependencies) {
        const failed = effect.failure?.failedDependency?.target === dep.target ? effect.failure.failedDependency : undefined;
        const duration = failed ? failed.durationMs : rng.latency(dep.medianMs * (effect.dependencySlow?.[dep.target] ?? 1));
        depTotal += duration;
        if (interesting || rng.chance(o.dependencySample ?? 0.2)) {
          b.add('AppDependencies', t + offset / 1000, {
            Id: rng.hex(16),
            Target: dep.target,
            DependencyType: dep.type,
            Name: dep.name,
            Data: dep.data,
            Success: !failed,
            ResultCode: failed ? failed.resultCode : dep.type === 'HTTP' ? '200' : '0',
            DurationMs: duration,
            ParentId: requestId,
            ...common,
          });
        }
        offset += duration;
        if (failed) break;
      }
      const duration = Math.round((rng.latency(op.medianMs) * (effect.slow ?? 1) + depTotal + (effect.extraMs ?? 0)) * 100) / 100;
      const resultCode = effect.failure?.resultCode ?? '200';
      b.add('AppRequests', t, {
        Id: requestId,
        Name: op.name,
        Url: `https://${o.host}${op.url}`,
        Success: !effect.failure,
        ResultCode: resultCode,
        DurationMs: duration,
        PerformanceBucket: bucket(duration),
        ParentId: operationId,
        ...common,
      });
      const exception = effect.failure?.exception;
      if (exception) {
        b.add('AppExceptions', t + duration / 1000, {
          ProblemId: `${exception.type} at ${exception.method}`,
          ExceptionType: exception.type,
          OuterMessage: exception.message,
          InnermostType: exception.innermostType ?? exception.type,
          InnermostMessage: exception.innermostMessage ?? exception.message,
          Method: exception.method,
          SeverityLevel: 3,
          ...(exception.details ? { Details: exception.details.map((d, i) => ({ outerId: String(i), id: String(i + 1), type: d.type, message: d.message, parsedStack: [] })) } : {}),
          ParentId: requestId,
          ...common,
        });
      }
    }
  }
}

export type { Dependency, Operation, ExceptionInfo, RequestEffect, TrafficOptions };
export { simulateTraffic };
