import { z } from 'zod';
import { defineSettings, type SettingsOf } from '../../config';

/** Event Grid topic hosts in the public and sovereign clouds. */
const EVENT_GRID_HOSTS = ['*.eventgrid.azure.net', '*.eventgrid.azure.us', '*.eventgrid.chinacloudapi.cn'] as const;

/** Settings of the Event Grid publisher (CloudEvents for users' own automation). */
const eventGridPublishSettings = defineSettings('event-grid-publish', 'Event Grid CloudEvents for investigation started / completed / approval requested', {
  EVENTGRID_TOPIC_ENDPOINT: {
    schema: z.url({ protocol: /^https$/, error: 'must be an https:// URL' }),
    description: 'Custom topic endpoint (input schema CloudEvents v1.0), e.g. https://<topic>.<region>-1.eventgrid.azure.net/api/events.',
    example: 'https://ir-events.westeurope-1.eventgrid.azure.net/api/events',
  },
  EVENTGRID_TOPIC_KEY: {
    schema: z.string().min(1).optional(),
    description:
      'Topic access key (a literal, `${env:NAME}` or a Key Vault reference). Unset: the app identity is used (needs the ' +
      '"EventGrid Data Sender" role on the topic), which is preferred.',
    secret: true,
  },
  EVENTGRID_EVENT_SOURCE: {
    schema: z.string().min(1),
    description: 'CloudEvents `source` of the published events (a URI reference naming this deployment).',
    default: '/incident-responder',
  },
});

type EventGridPublishSettings = SettingsOf<typeof eventGridPublishSettings.specs>;

export { eventGridPublishSettings, EVENT_GRID_HOSTS };
export type { EventGridPublishSettings };
