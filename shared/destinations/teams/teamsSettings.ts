import { z } from 'zod';
import { defineSettings, type SettingsOf } from '../../config';
import { legacyReason } from './teamsWebhookUrl';

/** Settings of the Teams write-back (Adaptive Cards posted to a Workflows webhook). */
const teamsSettings = defineSettings('teams', 'Microsoft Teams cards through a Workflows webhook', {
  TEAMS_WORKFLOW_URL: {
    schema: z
      .string()
      .min(1)
      .superRefine((value, ctx) => {
        // `${env:NAME}` references are checked after resolution, by the destination.
        if (value.startsWith('${env:')) return;
        try {
          const reason = legacyReason(new URL(value));
          if (reason) ctx.addIssue({ code: 'custom', message: reason });
        } catch {
          ctx.addIssue({ code: 'custom', message: 'is not a valid URL' });
        }
      }),
    description:
      'HTTP URL of a Teams Workflow with the trigger "When a Teams webhook request is received" (its `sig` parameter is ' +
      'the credential). Legacy Office 365 connector URLs (*.webhook.office.com) are refused at startup.',
    secret: true,
    example: 'https://prod-00.westeurope.logic.azure.com/workflows/0000/triggers/manual/paths/invoke?api-version=2016-06-01&sig=...',
  },
});

type TeamsSettings = SettingsOf<typeof teamsSettings.specs>;

export { teamsSettings };
export type { TeamsSettings };
