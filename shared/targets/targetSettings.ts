import { z } from 'zod';
import { defineSettings } from '../config';

const containerName = z.string().regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'must be a valid blob container name');

/** Settings of target resolution: the service catalog, the cap on an unknown target, portal links. */
const targetSettings = defineSettings('targets', 'Target resolution: the service catalog and report links', {
  SERVICE_CATALOG_FILE: {
    schema: z.string().min(1),
    description:
      'The service catalog (docs/targets.md): YAML mapping services (names, aliases, PagerDuty service ids, ServiceNow CIs, ' +
      'tags) to their Azure resources, workspace, App Insights component and cloud role names. Relative to the app root.',
    default: 'config/services.yaml',
  },
  SERVICE_CATALOG_CONTAINER: {
    schema: containerName.optional(),
    description:
      'Blob container whose `services.yaml` adds to or overrides (by service id) the catalog file, like PLANS_CONTAINER for plans.',
  },
  TARGET_UNKNOWN_MAX_CONFIDENCE: {
    schema: z.coerce.number().min(0).max(1),
    description: 'Highest confidence a report may state when the investigation could not resolve what the incident is about.',
    default: '0.3',
  },
  PORTAL_TENANT: {
    schema: z.string().regex(/^[A-Za-z0-9.-]{1,253}$/, 'must be a tenant id or domain such as contoso.onmicrosoft.com').optional(),
    description: 'Entra tenant (id or domain) put in Azure portal links of reports (`https://portal.azure.com/#@<tenant>/...`); links work without it.',
    example: 'contoso.onmicrosoft.com',
  },
});

type TargetSettings = ReturnType<typeof targetSettings.load>;

export { targetSettings };
export type { TargetSettings };
