import * as df from 'durable-functions';
import { ActivityNames } from '../../shared/durable';
import { rememberResolve } from '../../shared/memory/rememberResolve';

/** Records the source's resolve in the investigation's incident memory (docs/memory.md). */
df.app.activity(ActivityNames.rememberResolve, { handler: (input: unknown) => rememberResolve(input) });
