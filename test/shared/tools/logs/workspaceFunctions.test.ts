import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createPipelineFromOptions } from '@azure/core-rest-pipeline';
import { validateKql } from '../../../../shared/kql';
import { fetchWorkspaceSchema } from '../../../../shared/tools/logs/workspaceSchema';
import { selfSignedCertificate } from '../../../../devhost/logAnalytics/selfSignedCertificate';

const WORKSPACE_ID = '33333333-3333-4333-8333-333333333333';

// The metadata API's shape for saved functions (tables[], functions[{id, name, body, parameters}]).
const METADATA = {
  tables: [{ id: 't/Heartbeat', name: 'Heartbeat', timespanColumn: 'TimeGenerated', columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'Computer', type: 'string' }] }],
  functions: [
    { id: 'f/HeartbeatOf', name: 'HeartbeatOf', displayName: 'Heartbeat of one computer', body: 'Heartbeat | where Computer == computer', parameters: 'computer:string' },
    { id: 'f/Computers', name: 'Computers', body: 'Heartbeat | distinct Computer' },
  ],
};

describe('saved workspace functions from the metadata API', () => {
  let server: Server;
  let origin: string;
  let ca: string;

  beforeAll(async () => {
    // The client refuses plain http, as in production: serve TLS with the emulator's certificate.
    const certificate = await selfSignedCertificate();
    ca = certificate.cert;
    server = createServer({ key: certificate.key, cert: certificate.cert }, (request, response) => {
      const known = request.url === `/v1/workspaces/${WORKSPACE_ID}/metadata`;
      response.writeHead(known ? 200 : 404, { 'content-type': 'application/json' });
      response.end(JSON.stringify(known ? METADATA : { error: { code: 'NotFound', message: 'no such workspace' } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('are read with the tables and callable in a validated query, their result typed from the body', async () => {
    // Act
    const schema = await fetchWorkspaceSchema(createPipelineFromOptions({ tlsOptions: { ca } }), origin, WORKSPACE_ID);
    const withParameter = validateKql('HeartbeatOf("vm-1") | summarize count() by Computer', schema.kql);
    const withoutParameter = validateKql('Computers | project Computer', schema.kql);
    const wrongColumn = validateKql('Computers | project TimeGenerated', schema.kql);

    // Assess
    expect(schema.kql.functions?.map((fn) => fn.name)).toEqual(['HeartbeatOf', 'Computers']);
    expect(withParameter).toEqual({ ok: true, tablesReferenced: ['Heartbeat'] });
    expect(withoutParameter.ok).toBe(true);
    expect(wrongColumn.ok).toBe(false);
  });
});
