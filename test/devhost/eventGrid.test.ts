import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, startDevhostProcess, type DevhostProcess } from '../helpers/devhostProcess';

describe('devhost: Event Grid webhook', () => {
  let host: DevhostProcess;
  const webhook = (fn: string, key?: string): string => `${host.url}/runtime/webhooks/eventgrid?functionName=${fn}&code=${key ?? host.masterKey}`;

  beforeAll(async () => {
    host = await startDevhostProcess();
  });

  afterAll(async () => {
    await host.stop();
  });

  it('answers the subscription validation handshake with the validation code', async () => {
    // Prepare
    const body = [{ id: '1', eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent', subject: '', data: { validationCode: 'abc-123' }, eventTime: new Date().toISOString(), dataVersion: '1' }];

    // Act
    const response = await fetch(webhook('gridEvents'), { method: 'POST', headers: { 'aeg-event-type': 'SubscriptionValidation' }, body: JSON.stringify(body) });

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ validationResponse: 'abc-123' });
  });

  it('invokes the function once per event of a notification and answers 202', async () => {
    const events = ['a', 'b'].map((s) => ({ id: s, topic: '/things', eventType: 'Sample.Happened', subject: `/things/${s}`, data: {}, eventTime: new Date().toISOString(), dataVersion: '1', metadataVersion: '1' }));
    const response = await fetch(webhook('gridEvents'), { method: 'POST', headers: { 'aeg-event-type': 'Notification' }, body: JSON.stringify(events) });
    expect(response.status).toBe(202);
    const lines = readFileSync(join(host.recordDir, 'executions.log'), 'utf8');
    expect(lines).toContain('grid:Sample.Happened:/things/a:gridEvents');
    expect(lines).toContain('grid:Sample.Happened:/things/b:gridEvents');
  });

  it('answers the CloudEvents OPTIONS handshake with the allowed origin', async () => {
    const response = await fetch(webhook('gridEvents'), { method: 'OPTIONS', headers: { 'WebHook-Request-Origin': 'eventgrid.azure.net' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('webhook-allowed-origin')).toBe('eventgrid.azure.net');
  });

  it('refuses unknown functions, unknown delivery types and missing keys', async () => {
    expect((await fetch(webhook('noSuchFunction'), { method: 'POST', headers: { 'aeg-event-type': 'Notification' }, body: '[]' })).status).toBe(404);
    expect((await fetch(webhook('gridEvents'), { method: 'POST', headers: { 'aeg-event-type': 'Surprise' }, body: '[]' })).status).toBe(400);
    expect((await fetch(webhook('gridEvents', 'wrong'), { method: 'POST', headers: { 'aeg-event-type': 'Notification' }, body: '[]' })).status).toBe(401);
  });

  it('runs timer triggers on their schedule, starting at startup when runOnStartup is set', async () => {
    const count = await eventually(async () => {
      const n = readFileSync(join(host.recordDir, 'executions.log'), 'utf8').split('\n').filter((l) => l === 'timer:false').length;
      return n >= 3 ? n : undefined;
    }, 10000);
    expect(count).toBeGreaterThanOrEqual(3);
  });
});
