import { randomBytes } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { startDevhostProcess, type DevhostProcess } from '../../helpers/devhostProcess';
import { scenarioIncident, uploadTestPlan } from '../../helpers/modelInvestigation';
import { sendRaw, type RawAnswer } from '../../helpers/rawHttp';

/** A 400 problem+json answer whose `errors` name `field`. */
function expectBadField(answer: RawAnswer, field: string): void {
  expect({ status: answer.status, contentType: answer.contentType }).toEqual({ status: 400, contentType: expect.stringContaining('application/problem+json') });
  const body = JSON.parse(answer.text) as { errors?: Array<{ path: string }> };
  expect(body.errors?.map((e) => e.path)).toContain(field);
}

describe('ops routes: every id and query parameter is checked before use', () => {
  let host: DevhostProcess;
  const storage = BlobServiceClient.fromConnectionString(process.env.TEST_STORAGE_CONNECTION_STRING!);
  const suffix = randomBytes(4).toString('hex');
  const reports = `reports-${suffix}`;
  const other = `other-${suffix}`;
  const sentinel = `SENTINEL-${randomBytes(8).toString('hex')}`;
  let plansContainer: string;

  beforeAll(async () => {
    plansContainer = await uploadTestPlan();
    await storage.getContainerClient(other).createIfNotExists();
    await storage.getContainerClient(other).getBlockBlobClient('victim/report.json').upload(sentinel, sentinel.length);
    await storage.getContainerClient(reports).createIfNotExists();
    await storage.getContainerClient(reports).getBlockBlobClient('victim/report.json').upload(sentinel, sentinel.length);
    host = await startDevhostProcess({ app: '.', env: { REPORTS_CONTAINER: reports, PLANS_CONTAINER: plansContainer, DEVHOST_LOG_LEVEL: 'information' } });
  });

  afterAll(async () => {
    await host.stop();
  });

  const get = (path: string): Promise<RawAnswer> => sendRaw(host.url, { method: 'GET', path: `/api/${path}${path.includes('?') ? '&' : '?'}code=${host.functionKey}` });
  const post = (path: string, body: unknown): Promise<RawAnswer> =>
    sendRaw(host.url, { method: 'POST', path: `/api/${path}${path.includes('?') ? '&' : '?'}code=${host.functionKey}`, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('refuses report ids that climb out of their folder, and never serves another record', async () => {
    // Act
    const intoContainer = await get(`investigations/..%2F..%2F${other}%2Fvictim/report.json`);
    const intoSibling = await get(`investigations/..%2Fvictim/report.json`);
    const deeper = await get('investigations/..%2F..%2Fx/report.json');

    // Assess
    for (const answer of [intoContainer, intoSibling, deeper]) {
      expectBadField(answer, 'id');
      expect(answer.text).not.toContain(sentinel);
    }
  });

  it('answers 400 naming the id for ids that are not ids, on every {id} route', async () => {
    // Act
    const answers = [
      await get('investigations/%25'),
      await get('investigations/a%2Fb'),
      await get('investigations/x%3Fy'),
      await get('investigations/victim%2Fx%2F..'),
      await get('incidents/%25'),
      await get('approvals/a%2F..'),
      await post('investigations/a%2Fb/terminate', {}),
      await post('approvals/apr-%2F..', { decision: 'approve', reason: 'x' }),
    ];

    // Assess
    for (const answer of answers) expectBadField(answer, 'id');
  });

  it.each([['%zz'], ['%E2%82'], ['%'], ['a%2']])('answers malformed percent-encoding %s with 400 problem+json, with or without a key', async (bad) => {
    // Act
    const keyed = await get(`investigations/${bad}`);
    const keyless = await sendRaw(host.url, { method: 'GET', path: `/api/incidents/${bad}/raw` });

    // Assess
    for (const answer of [keyed, keyless]) {
      expect(answer.status).toBe(400);
      expect(answer.contentType).toContain('application/problem+json');
    }
  });

  it('refuses a manual investigation with a plan id that no plan has, and takes a blob-container plan', async () => {
    // Prepare
    const incident = await scenarioIncident();

    // Act
    const traversal = await post('investigations', { incident, planId: '../../../etc/passwd' });
    const unknown = await post('investigations', { incident, planId: 'no-such-plan' });
    const fromBlob = await post('investigations', { incident, planId: 'model-test', dryRun: true });

    // Assess
    expectBadField(traversal, 'planId');
    expectBadField(unknown, 'planId');
    expect(fromBlob.status).toBe(202);
  });

  it('answers 400 naming the parameter for a bad or unknown query parameter on every ops route', async () => {
    // Act and assess
    expectBadField(await get('investigations?source=evil'), 'source');
    expectBadField(await get('investigations?stauts=Running'), 'stauts');
    expectBadField(await get('investigations?source=pagerduty&source=servicenow'), 'source');
    expectBadField(await get('investigations?from=yesterday'), 'from');
    expectBadField(await get('incidents?limit=0'), 'limit');
    expectBadField(await get('incidents?investigationId=..%2Fx'), 'investigationId');
    expectBadField(await get('audit?investigation=..%2Fx'), 'investigation');
    expectBadField(await get('audit'), 'investigation');
    expectBadField(await get('approvals?investigation=a%2Fb'), 'investigation');
    expectBadField(await post(`investigations/manual-x/terminate?reason=${'r'.repeat(2000)}`, {}), 'reason');
  });

  it('serves a real id and an unknown one as 200 and 404', async () => {
    // Act
    const known = await get('investigations?source=azure-monitor');
    const missing = await get('investigations/manual-does-not-exist');

    // Assess
    expect(known.status).toBe(200);
    expect(missing.status).toBe(404);
    expect(missing.contentType).toContain('application/problem+json');
  });
});
