import * as df from 'durable-functions';
import { ActivityNames } from '../../shared/durable';
import { rememberIncident } from '../../shared/memory/rememberIncident';

/** Records the investigation's conclusion in incident memory (docs/memory.md). */
df.app.activity(ActivityNames.rememberIncident, { handler: (input: unknown) => rememberIncident(input) });
