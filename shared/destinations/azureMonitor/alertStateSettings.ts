import { z } from 'zod';
import { booleanFlag, defineSettings, type SettingsOf } from '../../config';

/** Resource Manager hosts of the public and sovereign clouds. */
const ARM_HOSTS = ['management.azure.com', 'management.usgovcloudapi.net', 'management.chinacloudapi.cn'] as const;

/** Settings of the Azure Monitor alert state write-back (Alerts Management changestate). */
const alertStateSettings = defineSettings('azure-alert-state', 'Azure Monitor alert state write-back (acknowledge / close)', {
  AZURE_ALERTS_CHANGESTATE_ENABLED: {
    schema: booleanFlag,
    description:
      'Let plans acknowledge or close the Azure Monitor alert (Alerts Management changestate, api-version 2019-03-01). ' +
      'The app identity needs Monitoring Contributor or Microsoft.AlertsManagement/alerts/changestate/action.',
    default: 'false',
  },
  AZURE_ALERTS_ARM_ENDPOINT: {
    schema: z.url(),
    description: `Resource Manager origin (${ARM_HOSTS.join(', ')}); other hosts need DESTINATIONS_ALLOW_TEST_HOSTS (tests only).`,
    default: 'https://management.azure.com',
  },
});

type AlertStateSettings = SettingsOf<typeof alertStateSettings.specs>;

export { alertStateSettings, ARM_HOSTS };
export type { AlertStateSettings };
