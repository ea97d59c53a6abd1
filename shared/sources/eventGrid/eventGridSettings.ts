import { z } from 'zod';
import { csvList, defineSettings } from '../../config';
import { GROUP_KEY_FIELDS_HELP, groupKeyFieldsSetting } from '../groupKeySetting';

/**
 * Settings of Event Grid delivery: the `eventGridIngest` trigger (authenticated by the host's
 * `eventgrid_extension` system key) and `OPTIONS|POST /api/ingest/cloudevents`.
 */
const eventGridSettings = defineSettings('event-grid-ingest', 'Event Grid (Resource Notifications) delivery: secret header, handshake, grouping', {
  EVENT_GRID_DELIVERY_SECRET: {
    schema: z.string().min(16, 'use at least 16 characters').optional(),
    description:
      'Optional shared secret the subscription sends as a secret delivery property (header named by EVENT_GRID_DELIVERY_SECRET_HEADER); when set, POSTs without it are refused.',
    secret: true,
  },
  EVENT_GRID_DELIVERY_SECRET_HEADER: {
    schema: z.string().regex(/^[A-Za-z0-9-]+$/, 'expected an HTTP header name'),
    description: 'Header carrying EVENT_GRID_DELIVERY_SECRET.',
    default: 'x-delivery-secret',
  },
  EVENT_GRID_ALLOWED_ORIGINS: {
    schema: csvList,
    description: 'WebHook-Request-Origin values accepted in the CloudEvents OPTIONS handshake (`*` accepts any).',
    default: 'eventgrid.azure.net',
  },
  EVENT_GRID_GROUP_KEY_FIELDS: {
    schema: groupKeyFieldsSetting,
    description: `Fields whose equal values put Event Grid events into one investigation. ${GROUP_KEY_FIELDS_HELP}`,
    default: 'resource',
  },
});

/** Loaded Event Grid settings. */
type EventGridSettings = ReturnType<typeof eventGridSettings.load>;

export { eventGridSettings };
export type { EventGridSettings };
