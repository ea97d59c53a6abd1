/**
 * A local Resource Manager endpoint for Alerts Management (api-version 2019-03-01): the
 * changestate action (`newState` in the query, no body) and Alerts - Get By Id (`GET` on the
 * alert's id), over HTTPS because the bearer token must never travel in clear. Answers the Alert
 * resource with its `alertState`, or an ARM ErrorResponse.
 */
import { startFakeHttpServer, type FakeHttpServer } from './fakeHttpServer';

interface ArmAlertsFake extends FakeHttpServer {
  /** alertState per alert id (lower-cased). */
  states: Map<string, string>;
}

function alertResource(id: string, alertState: string): unknown {
  return { id, type: 'Microsoft.AlertsManagement/alerts', name: 'alert', properties: { essentials: { alertState, monitorCondition: 'Fired' }, context: {}, egressConfig: {} } };
}

async function startArmAlertsFake(token: string, alertIds: string[], tls: { key: string; cert: string }): Promise<ArmAlertsFake> {
  const states = new Map(alertIds.map((id) => [id.toLowerCase(), 'New']));
  const server = await startFakeHttpServer((req) => {
    if (req.headers.authorization !== `Bearer ${token}`) return { status: 401, body: { error: { code: 'AuthenticationFailed', message: 'Authentication failed.' } } };
    const match = /^(\/subscriptions\/.+\/providers\/Microsoft\.AlertsManagement\/alerts\/[^/]+?)(\/changestate)?$/i.exec(req.path);
    const read = req.method === 'GET' && match && !match[2];
    if (!match || !(read || (req.method === 'POST' && match[2]))) return { status: 404, body: { error: { code: 'NotFound', message: 'route not found' } } };
    if (req.query.get('api-version') !== '2019-03-01') return { status: 400, body: { error: { code: 'InvalidApiVersion', message: 'unsupported api-version' } } };
    if (read) {
      const state = states.get(match[1]!.toLowerCase());
      if (!state) return { status: 404, body: { error: { code: 'AlertNotFound', message: 'The alert was not found.' } } };
      return { status: 200, body: alertResource(match[1]!, state) };
    }
    const newState = req.query.get('newState');
    if (newState !== 'New' && newState !== 'Acknowledged' && newState !== 'Closed') return { status: 400, body: { error: { code: 'InvalidParameter', message: 'newState is invalid' } } };
    const id = match[1]!.toLowerCase();
    if (!states.has(id)) return { status: 404, body: { error: { code: 'AlertNotFound', message: 'The alert was not found.' } } };
    states.set(id, newState);
    return { status: 200, body: alertResource(match[1]!, newState) };
  }, tls);
  return Object.assign(server, { states });
}

export { startArmAlertsFake };
export type { ArmAlertsFake };
