import { z } from 'zod';
import { defineSettings, positiveInt } from '../config';

/** Settings of the investigation engine itself (plans, reports, quality gate). */
const investigationSettings = defineSettings('investigation', 'Response plans, reports and the quality gate', {
  PLANS_CONTAINER: {
    schema: z.string().regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'must be a valid blob container name').optional(),
    description: 'Blob container whose plan files (YAML or Markdown) override or add to the bundled plans/ folder, matched by plan id.',
  },
  PLANS_CACHE_SECONDS: {
    schema: z.coerce.number().int().min(0).max(86_400),
    description:
      'How long plans read from PLANS_CONTAINER are reused before the container is read again (0: every investigation). ' +
      'A plan id asked for by name that is not known yet is looked up again at once.',
    default: '60',
  },
  REPORTS_CONTAINER: {
    schema: z.string().regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'must be a valid blob container name'),
    description: 'Blob container for reports (report.md and report.json per investigation).',
    default: 'reports',
  },
  INVESTIGATION_LOOKBACK_MINUTES: {
    schema: positiveInt,
    description: 'How far before the alert fired the checks and the model look by default (the `window` of plan templates).',
    default: '60',
  },
  QUALITY_GATE_MAX_REJECTIONS: {
    schema: z.coerce.number().int().min(0).max(5),
    description: 'How many times the Stop quality gate may send a report back to synthesis before it is accepted with the reasons listed as gaps.',
    default: '2',
  },
});

type InvestigationSettings = ReturnType<typeof investigationSettings.load>;

export { investigationSettings };
export type { InvestigationSettings };
