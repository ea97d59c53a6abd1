import { BlobServiceClient } from '@azure/storage-blob';
import { randomBytes } from 'node:crypto';
import type { DevhostProcess } from '../../helpers/devhostProcess';
import { azureMonitorAlert, get, guid, post, startIngestHost } from './ingestHost';

/** A plan taking the fixture's checkout alerts whose group window (one hour) is not the global one. */
const LONG_WINDOW_PLAN = `
id: checkout-long-window
title: Checkout alerts merged for an hour
match: { source: azure-monitor, titleContains: checkout }
groupWindow: PT1H
allowedTools: [log_analytics_query]
hypotheses:
  - id: anything
    title: Something in checkout
    rootCauseCategory: other
    guidance: Look at the checkout API's requests.
`;

async function uploadPlans(files: Record<string, string>): Promise<string> {
  const container = `plans-${randomBytes(4).toString('hex')}`;
  const client = BlobServiceClient.fromConnectionString(process.env.TEST_STORAGE_CONNECTION_STRING!).getContainerClient(container);
  await client.createIfNotExists();
  for (const [name, text] of Object.entries(files)) await client.getBlockBlobClient(name).upload(text, Buffer.byteLength(text));
  return container;
}

describe("Ingest: a plan's groupWindow decides how long its group takes joins", () => {
  let host: DevhostProcess;

  beforeAll(async () => {
    // The global window is 60 ms: without the plan's window every alert below would open its own generation.
    host = await startIngestHost({ INGEST_GROUP_WINDOW_MINUTES: '0.001', PLANS_CONTAINER: await uploadPlans({ 'checkout.yaml': LONG_WINDOW_PLAN }) });
  });

  afterAll(async () => {
    await host.stop();
  });

  it('joins a later alert of the group to the open investigation while the plan window lasts', async () => {
    // Act
    const first = await post(host, 'ingest/azure-monitor', azureMonitorAlert(guid()));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const second = await post(host, 'ingest/azure-monitor', azureMonitorAlert(guid()));

    // Assess
    const [opened] = first.body.results;
    const [joined] = second.body.results;
    expect(joined).toMatchObject({ disposition: 'joined', investigationId: opened.investigationId, duplicate: false });
    const record = await get(host, `incidents/${encodeURIComponent(opened.id)}`);
    expect(record.body.investigation.group).toMatchObject({ generation: 1, windowMinutes: 60 });
  }, 60000);
});
