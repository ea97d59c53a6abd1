import { z } from 'zod';
import { defineSettings } from './defineSettings';

/**
 * Settings every deployment has: where state lives and what the app calls itself.
 * On Azure these come from the Function App's application settings; locally from
 * local.settings.json or the environment (the devhost fills storage in when it starts Azurite).
 */
const coreSettings = defineSettings('core', 'Storage, task hub and public URL', {
  AzureWebJobsStorage: {
    schema: z.string().min(1),
    description:
      'Storage connection string (or `UseDevelopmentStorage=true`). On Azure prefer identity-based ' +
      'connections (`AzureWebJobsStorage__accountName`); locally the devhost starts Azurite and sets this.',
    example: 'UseDevelopmentStorage=true',
    sample: 'UseDevelopmentStorage=true',
    secret: true,
  },
  TASKHUB_NAME: {
    schema: z.string().regex(/^[A-Za-z][A-Za-z0-9]{2,44}$/, 'must be 3-45 letters or digits, starting with a letter'),
    description: 'Durable Functions task hub name (host.json reads it as %TASKHUB_NAME%).',
    default: 'IncidentResponder',
  },
  PUBLIC_BASE_URL: {
    schema: z.url().optional(),
    description: 'Public origin of this app, used for links in reports, notes and cards. Defaults to the request origin.',
  },
});

export { coreSettings };
