/**
 * A local Resource Manager endpoint for the Alerts Management changestate action
 * (api-version 2019-03-01: `newState` in the query, no body), over HTTPS because the bearer
 * token must never travel in clear. Answers the Alert resource with the new `alertState`, or
 * an ARM ErrorResponse.
 */
import { startFakeHttpServer, type FakeHttpServer } from './fakeHttpServer';

interface ArmAlertsFake extends FakeHttpServer {
  /** alertState per alert id (lower-cased). */
  states: Map<string, string>;
}

async function startArmAlertsFake(token: string, alertIds: string[], tls: { key: string; cert: string }): Promise<ArmAlertsFake> {
  const states = new Map(alertIds.map((id) => [id.toLowerCase(), 'New']));
  const server = await startFakeHttpServer((req) => {
    if (req.headers.authorization !== `Bearer ${token}`) return { status: 401, body: { error: { code: 'AuthenticationFailed', message: 'Authentication failed.' } } };
    const match = /^(\/subscriptions\/.+\/providers\/Microsoft\.AlertsManagement\/alerts\/[^/]+)\/changestate$/i.exec(req.path);
    if (req.method !== 'POST' || !match) return { status: 404, body: { error: { code: 'NotFound', message: 'route not found' } } };
    if (req.query.get('api-version') !== '2019-03-01') return { status: 400, body: { error: { code: 'InvalidApiVersion', message: 'unsupported api-version' } } };
    const newState = req.query.get('newState');
    if (newState !== 'New' && newState !== 'Acknowledged' && newState !== 'Closed') return { status: 400, body: { error: { code: 'InvalidParameter', message: 'newState is invalid' } } };
    const id = match[1]!.toLowerCase();
    if (!states.has(id)) return { status: 404, body: { error: { code: 'AlertNotFound', message: 'The alert was not found.' } } };
    states.set(id, newState);
    return { status: 200, body: { id: match[1], type: 'Microsoft.AlertsManagement/alerts', name: 'alert', properties: { essentials: { alertState: newState, monitorCondition: 'Fired' }, context: {}, egressConfig: {} } } };
  }, tls);
  return Object.assign(server, { states });
}

export { startArmAlertsFake };
export type { ArmAlertsFake };
