import { z } from 'zod';
import { booleanFlag, defineSettings } from '../config/defineSettings';

/** Settings of incident memory (docs/memory.md). */
const memorySettings = defineSettings('memory', 'Incident memory: what past investigations concluded, recalled by later ones', {
  MEMORY_TABLE: {
    schema: z.string().regex(/^[A-Za-z][A-Za-z0-9]{2,62}$/, 'must be a valid table name'),
    description: 'Table holding one record per investigated incident (conclusion, deciding queries, actions, keys, resolve time), remembered facts and one learning per service.',
    default: 'IncidentMemory',
  },
  MEMORY_ENABLED: {
    schema: booleanFlag,
    description: 'Record each investigation in memory and recall similar past incidents at the start of the next; `false` turns both off.',
    default: 'true',
  },
  MEMORY_SCAN_LIMIT: {
    schema: z.coerce.number().int().min(10).max(5000),
    description: 'How many of the most recent memory records the recall of similar incidents compares with the new incident.',
    default: '500',
  },
  MEMORY_LEARNING_MAX_CHARS: {
    schema: z.coerce.number().int().min(200).max(20000),
    description: 'Longest learning (the markdown note kept per service, rewritten after each investigation); a longer note loses its oldest lines, a model note over it is refused.',
    default: '2000',
  },
  MEMORY_LEARNING_WRITER: {
    schema: z.enum(['model', 'verdicts']),
    description: '`model`: when a model is configured it rewrites a service\'s learning after each investigation, checked by the learning gate (the verdicts write it when the gate refuses); `verdicts`: always derived from the verdicts, no model call.',
    default: 'model',
  },
});

type MemorySettings = ReturnType<typeof memorySettings.load>;

export { memorySettings };
export type { MemorySettings };
