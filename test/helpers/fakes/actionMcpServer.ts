import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

/**
 * A small MCP server over stdio (the SDK's own server), standing in for a platform API with a
 * side effect: `restart_web_app` appends `restart <resource>` to ACTION_LOG (a resource whose
 * name contains "slow" then takes 8 s to answer, time for a test to kill the host), and
 * `error_rate` reports 23.5 % errors for a resource until it was restarted, then 0.4 %.
 * Run it with `node dist/test/helpers/fakes/actionMcpServer.js`.
 */
const log = process.env.ACTION_LOG ?? '';

function restarted(resource: string): boolean {
  return existsSync(log) && readFileSync(log, 'utf8').split('\n').includes(`restart ${resource}`);
}

const server = new Server({ name: 'actions-fake', version: '1.0.0' }, { capabilities: { tools: {} } });
const resourceArg = { type: 'object', properties: { resource: { type: 'string', description: 'The web app' } }, required: ['resource'] };

server.setRequestHandler(ListToolsRequestSchema, () => ({
  tools: [
    { name: 'restart_web_app', description: 'Restart a web app.', inputSchema: resourceArg, annotations: { readOnlyHint: false, destructiveHint: false } },
    { name: 'error_rate', description: 'Percentage of failed requests of a web app over the last 5 minutes.', inputSchema: resourceArg, annotations: { readOnlyHint: true } },
  ],
}));

server.setRequestHandler(CallToolRequestSchema, async (request) => {
  const resource = String(request.params.arguments?.resource ?? '');
  if (request.params.name === 'restart_web_app') {
    appendFileSync(log, `restart ${resource}\n`);
    if (resource.includes('slow')) await new Promise((resolve) => setTimeout(resolve, 8000));
    return { content: [{ type: 'text', text: JSON.stringify({ resource, restarted: true }) }] };
  }
  if (request.params.name === 'error_rate') {
    return { content: [{ type: 'text', text: JSON.stringify({ resource, errorRatePercent: restarted(resource) ? 0.4 : 23.5 }) }] };
  }
  return { content: [{ type: 'text', text: `unknown tool ${request.params.name}` }], isError: true };
});

void server.connect(new StdioServerTransport());
