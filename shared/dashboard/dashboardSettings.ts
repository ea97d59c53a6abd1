import { z } from 'zod';
import { defineSettings } from '../config';

/**
 * Who may read the dashboard and the ops API (incidents, investigations, reports, approvals,
 * audit, tasks): holders of a function key, or people signed in through App Service
 * Authentication (Entra ID).
 */
const dashboardSettings = defineSettings('dashboard', 'Dashboard and ops API access', {
  OPS_AUTH: {
    schema: z.enum(['key', 'entra']),
    description:
      '`key`: the dashboard and ops routes need a function key (`?code=` or `x-functions-key`), as locally. `entra`: they are ' +
      'open at the Functions level and answer only requests App Service Authentication signed in (it sets `x-ms-client-principal` ' +
      'and strips client-sent copies); pages redirect to `/.auth/login/aad`, JSON routes answer 401. Set by the Bicep when ' +
      '`opsAuth` is `entra`; never set it without App Service Authentication enabled on the app. Also records approvers by name.',
    default: 'key',
  },
});

type DashboardSettings = ReturnType<typeof dashboardSettings.load>;

export { dashboardSettings };
export type { DashboardSettings };
