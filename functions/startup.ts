import { app } from '@azure/functions';
import { assertValidConfiguration } from '../shared/startup/validateConfiguration';

// Fail at startup, naming every bad plan field, rules or hooks line and setting, rather than
// inside the first investigation an alert starts.
app.hook.appStart(async () => {
  await assertValidConfiguration();
});
