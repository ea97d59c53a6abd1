import type { Incident } from '../incident';
import type { Plan } from '../plans/planSchema';
import type { ResolvedTarget } from '../targets/resolvedTarget';
import type { Learning } from './learning';
import { FACTS_PER_INVESTIGATION, type MemoryFact } from './memoryFact';
import { memoryKeys, serviceOf, type MemoryRecord } from './memoryRecord';
import { memorySettings } from './memorySettings';
import { memoryStore } from './memoryStore';
import type { RecalledMemory } from './seenBefore';
import { checkFirst, similarIncidents } from './similarIncidents';

/**
 * At the start of an investigation: the similar past incidents, the facts remembered about its
 * service, its learning (bounded to `MEMORY_LEARNING_MAX_CHARS`), and in deterministic mode the
 * plan with the hypotheses of the last confirmed cause's category moved to the front (the fan-out
 * schedules them first and the report lists them first). Memory is a help, never a dependency:
 * when it cannot be read the investigation goes on and the reason is a gap.
 */
async function recallMemory(input: {
  investigationId: string;
  incident: Incident;
  target: ResolvedTarget;
  plan: Plan;
  engine: 'model' | 'deterministic';
  baseUrl: string;
  gaps: string[];
  env?: NodeJS.ProcessEnv;
}): Promise<{ memory: RecalledMemory; plan: Plan }> {
  const env = input.env ?? process.env;
  const settings = memorySettings.load(env);
  const none = { memory: { seenBefore: [], checkedFirst: [], facts: [], learning: null }, plan: input.plan };
  if (!settings.MEMORY_ENABLED) return none;
  const service = serviceOf(input.incident, input);
  let records: MemoryRecord[];
  let facts: MemoryFact[];
  let stored: { learning: Learning } | undefined;
  try {
    const store = memoryStore(settings, env);
    [records, facts, stored] = await Promise.all([
      store.recent(settings.MEMORY_SCAN_LIMIT),
      service === null ? [] : store.facts(service, FACTS_PER_INVESTIGATION),
      // Keyed by the service as records bound it (rememberIncident writes it under that key).
      service === null ? undefined : store.learning(memoryKeys(input.incident, service).service!),
    ]);
  } catch (error) {
    input.gaps.push(`incident memory could not be read (${error instanceof Error ? error.message : String(error)}): similar past incidents were not looked up`);
    return none;
  }
  const seenBefore = similarIncidents(records, input.incident, service, input.investigationId, input.baseUrl);
  // A note written under a larger bound (or planted in the table) is cut to today's.
  const learning = stored ? { ...stored.learning, text: stored.learning.text.slice(0, settings.MEMORY_LEARNING_MAX_CHARS) } : null;
  if (input.engine !== 'deterministic') return { memory: { seenBefore, checkedFirst: [], facts, learning }, plan: input.plan };
  const first = checkFirst(seenBefore, input.plan.hypotheses);
  const hypotheses = [...input.plan.hypotheses.filter((h) => first.includes(h.id)), ...input.plan.hypotheses.filter((h) => !first.includes(h.id))];
  return { memory: { seenBefore, checkedFirst: first, facts, learning }, plan: { ...input.plan, hypotheses } };
}

export { recallMemory };
