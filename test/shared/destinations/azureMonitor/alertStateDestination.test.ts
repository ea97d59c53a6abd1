import type { AccessToken, TokenCredential } from '@azure/identity';
import { selfSignedCertificate, type SelfSignedCertificate } from '../../../../devhost/logAnalytics/selfSignedCertificate';
import { AlertStateDestination } from '../../../../shared/destinations/azureMonitor/alertStateDestination';
import { deliveryMarkerOf } from '../../../../shared/destinations/deliveryKey';
import { startArmAlertsFake, type ArmAlertsFake } from '../../../helpers/fakes/armAlertsFake';
import { ALERT_ID, fastRuntime, incident, message } from '../destinationFixtures';

/** A credential handing out a fixed token and recording the scopes asked for. */
function staticCredential(token: string, scopes: string[] = []): TokenCredential {
  return {
    getToken: (scope: string | string[]): Promise<AccessToken> => {
      scopes.push(...(Array.isArray(scope) ? scope : [scope]));
      return Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3600_000 });
    },
  };
}

describe('Azure Monitor alert state destination', () => {
  let tls: SelfSignedCertificate;
  let fake: ArmAlertsFake;

  beforeAll(async () => {
    tls = await selfSignedCertificate();
  });

  beforeEach(async () => {
    fake = await startArmAlertsFake('arm-token', [ALERT_ID], tls);
  });

  afterEach(async () => {
    await fake.close();
  });

  const destination = (scopes: string[] = []): AlertStateDestination =>
    new AlertStateDestination({ AZURE_ALERTS_CHANGESTATE_ENABLED: true, AZURE_ALERTS_ARM_ENDPOINT: fake.url }, staticCredential('arm-token', scopes), fastRuntime({ extraCa: [tls.cert] }));

  it('acknowledges the alert on start through changestate 2019-03-01 with newState in the query and no body', async () => {
    // Prepare
    const scopes: string[] = [];

    // Act
    const result = await destination(scopes).deliver(message({ kind: 'investigation-started', planActions: { 'azure-monitor': { acknowledge: true } } }), context());

    // Assess
    expect(result).toMatchObject({ status: 'delivered', externalRef: 'alertState:Acknowledged' });
    const request = fake.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`${ALERT_ID}/changestate`);
    expect(Object.fromEntries(request.query)).toEqual({ 'api-version': '2019-03-01', newState: 'Acknowledged' });
    expect(request.body).toBe('');
    expect(scopes).toEqual(['https://management.azure.com/.default']);
  });

  it('closes only in autonomous mode, and does nothing the plan did not ask for', async () => {
    // Prepare
    const close = { 'azure-monitor': { close: true } };

    // Act
    const review = await destination().deliver(message({ planActions: close, mode: 'review' }), context());
    const notAsked = await destination().deliver(message({ kind: 'investigation-started' }), context());
    const autonomous = await destination().deliver(message({ kind: 'resolved', planActions: close, mode: 'autonomous' }), context());

    // Assess
    expect(review).toMatchObject({ status: 'skipped', reason: expect.stringContaining('autonomous') });
    expect(notAsked.status).toBe('skipped');
    expect(autonomous).toMatchObject({ status: 'delivered', externalRef: 'alertState:Closed' });
    expect(fake.requests).toHaveLength(1);
  });

  it('reads the alert before setting its state again after a crash or a lost answer, and sets it only once', async () => {
    // Prepare: Resource Manager applies the change and holds its answer until the client gives up
    const runtime = fastRuntime({ extraCa: [tls.cert], policy: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 100, timeoutMs: 300 } });
    const slow = new AlertStateDestination({ AZURE_ALERTS_CHANGESTATE_ENABLED: true, AZURE_ALERTS_ARM_ENDPOINT: fake.url }, staticCredential('arm-token'), runtime);
    fake.trap({ point: 'holding', matches: (r) => r.method === 'POST', sprung: () => undefined });
    const started = message({ kind: 'investigation-started', planActions: { 'azure-monitor': { acknowledge: true } } });

    // Act: the first try loses its answer; a retry after a crash finds the state already set
    const lost = await slow.deliver(started, context());
    const recovered = await destination().deliver(started, { ...context(), recovering: true });

    // Assess
    expect(lost).toMatchObject({ status: 'delivered', externalRef: 'alertState:Acknowledged' });
    expect(recovered).toMatchObject({ status: 'delivered', externalRef: 'alertState:Acknowledged' });
    expect(fake.states.get(ALERT_ID.toLowerCase())).toBe('Acknowledged');
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(fake.requests.filter((r) => r.method === 'GET').map((r) => r.path)).toEqual([ALERT_ID, ALERT_ID]);
  });

  it('skips incidents without an Azure alert and refuses a plain-http endpoint for the token', () => {
    // Act
    const plainHttp = (): unknown => new AlertStateDestination({ AZURE_ALERTS_CHANGESTATE_ENABLED: true, AZURE_ALERTS_ARM_ENDPOINT: 'http://127.0.0.1:1' }, staticCredential('t'), fastRuntime());
    const disabled = new AlertStateDestination({ AZURE_ALERTS_CHANGESTATE_ENABLED: false, AZURE_ALERTS_ARM_ENDPOINT: 'https://management.azure.com' }, staticCredential('t'), fastRuntime());

    // Assess
    expect(plainHttp).toThrow(/must be https/);
    expect(disabled.isConfigured()).toBe(false);
    return expect(destination().deliver(message({ incident: incident('pagerduty'), kind: 'investigation-started', planActions: { 'azure-monitor': { acknowledge: true } } }), context())).resolves.toMatchObject({ status: 'skipped' });
  });
});

function context() {
  return { idempotencyKey: 'k', marker: deliveryMarkerOf('k'), recovering: false, completedSteps: new Set<string>(), completeStep: () => Promise.resolve() };
}
