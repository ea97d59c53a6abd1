import { app } from '@azure/functions';
import { stopMcpServers } from '../shared/mcp/mcpRegistry';
import { assertValidConfiguration } from '../shared/startup/validateConfiguration';

// Fail at startup, naming every bad plan field, rules or hooks line and setting, rather than
// inside the first investigation an alert starts.
app.hook.appStart(async () => {
  await assertValidConfiguration();
});

// MCP servers started by this worker (stdio processes, HTTP sessions) end with it.
app.hook.appTerminate(async () => {
  await stopMcpServers();
});
