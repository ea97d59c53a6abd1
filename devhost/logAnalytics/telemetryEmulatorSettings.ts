import { z } from 'zod';

import { defineSettings } from '../../shared/config';
import { EmulatorClockSchema } from './data/emulatorClock';

/**
 * Settings of the local telemetry emulator (devhost only; in Azure the SDKs talk to the real
 * services). The emulator CLI reads them; the devhost may pass them on to the app.
 */
const telemetryEmulatorSettings = defineSettings('telemetryEmulator', 'Local Log Analytics / metrics / Resource Graph emulator', {
  TELEMETRY_EMULATOR_PORT: {
    schema: z.coerce.number().int().min(0).max(65535),
    description: 'Port of the local telemetry emulator; 0 lets the OS choose (the URL is printed).',
    default: '0',
  },
  TELEMETRY_EMULATOR_SCENARIOS_DIR: {
    schema: z.string().min(1),
    description: 'Folder of incident scenarios the emulator serves (each a folder with scenario.yaml).',
    default: 'scenarios',
  },
  TELEMETRY_EMULATOR_SCENARIOS: {
    schema: z
      .string()
      .optional()
      .transform((s) => (s ? s.split(',').map((p) => p.trim()).filter(Boolean) : undefined)),
    description: 'Comma-separated scenario ids to load (e.g. `01_bad_deployment`); all when unset.',
  },
  TELEMETRY_EMULATOR_CLOCK: {
    schema: EmulatorClockSchema,
    description:
      'The clock: `system` (data shifted to look recent), `recorded` (now() stands at the scenarios\' recordedAt, times kept as recorded) or an ISO instant such as `2026-03-04T11:00:00Z` (now() stands there, times kept as recorded).',
    default: 'system',
  },
});

export { telemetryEmulatorSettings };
