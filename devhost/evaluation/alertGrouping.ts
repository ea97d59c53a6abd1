import { z } from 'zod';

/** Where one alert of a scenario went: the investigation the ingest route put it in, and how. */
interface RoutedAlert {
  file: string;
  investigationId: string;
  /** `started` / `queued` for the alert that opened the investigation, `joined` for the ones that joined it. */
  disposition: string;
}

/** How a scenario's alerts were grouped, and whether that matches its answer key. */
interface GroupingOutcome {
  /** Alerts sent through the ingest route. */
  alerts: number;
  /** Distinct investigations they went to, in the order first seen. */
  investigations: string[];
  /** Investigations the answer key expects (`investigations`, default 1). */
  expected: number;
  /** Write-backs sent more than once: the same step to the same destination twice, or a report per extra investigation. */
  duplicateWriteBacks: string[];
  passed: boolean;
  /** Why grouping failed, one sentence per problem. */
  reasons: string[];
}

/** The write-back record of an investigation's status (`deliveries`, see shared/investigation/investigationStatus.ts). */
const deliveriesSchema = z.array(z.object({ step: z.string(), destination: z.string(), status: z.string() })).catch([]);
type Delivery = z.infer<typeof deliveriesSchema>[number];

/** Reads the deliveries out of an investigation's status as `GET /api/investigations/{id}` returns it. */
function deliveriesOf(status: unknown): Delivery[] {
  return deliveriesSchema.parse((status as { deliveries?: unknown } | null)?.deliveries ?? []);
}

/**
 * Grades grouping: the alerts must open exactly `expected` investigations, and no write-back may
 * go out twice. A `delivered` or `failed` delivery counts as sent (`skipped` does not): twice the
 * same step to the same destination within one investigation is a duplicate, and so is a report
 * step to one destination from more investigations than expected (one report per incident).
 */
function gradeGrouping(routed: ReadonlyArray<RoutedAlert>, expected: number, deliveriesByInvestigation: ReadonlyMap<string, Delivery[]>): GroupingOutcome {
  const investigations = [...new Set(routed.map((r) => r.investigationId))];
  const reasons: string[] = [];
  if (investigations.length !== expected) reasons.push(`${routed.length} alert(s) opened ${investigations.length} investigation(s), expected ${expected}`);
  const duplicateWriteBacks: string[] = [];
  const reportsPerDestination = new Map<string, number>();
  for (const [investigationId, deliveries] of deliveriesByInvestigation) {
    const sent = deliveries.filter((d) => d.status !== 'skipped');
    const seen = new Map<string, number>();
    for (const d of sent) seen.set(`${d.step} to ${d.destination}`, (seen.get(`${d.step} to ${d.destination}`) ?? 0) + 1);
    for (const [what, times] of seen) if (times > 1) duplicateWriteBacks.push(`${investigationId} sent ${what} ${times} times`);
    for (const d of sent.filter((d) => d.step === 'report')) reportsPerDestination.set(d.destination, (reportsPerDestination.get(d.destination) ?? 0) + 1);
  }
  for (const [destination, reports] of reportsPerDestination) if (reports > expected) duplicateWriteBacks.push(`${reports} reports sent to ${destination} for ${expected} expected investigation(s)`);
  for (const duplicate of duplicateWriteBacks) reasons.push(`duplicate write-back: ${duplicate}`);
  return { alerts: routed.length, investigations, expected, duplicateWriteBacks, passed: reasons.length === 0, reasons };
}

export { gradeGrouping, deliveriesOf };
export type { RoutedAlert, GroupingOutcome, Delivery };
