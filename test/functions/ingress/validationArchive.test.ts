import { BlobServiceClient } from '@azure/storage-blob';
import type { DevhostProcess } from '../../helpers/devhostProcess';
import { loadEventText } from '../../shared/sources/loadEvent';
import { ingestEnv, post } from './ingestHost';
import { startDevhostProcess } from '../../helpers/devhostProcess';

const DELIVERY_SECRET = 'event-grid-delivery-secret-123';

describe('Ingest: only what a sender authenticated is archived', () => {
  let host: DevhostProcess;
  let rawContainer: string;

  beforeAll(async () => {
    const env = ingestEnv({ EVENT_GRID_DELIVERY_SECRET: DELIVERY_SECRET });
    rawContainer = env.INGEST_RAW_CONTAINER!;
    host = await startDevhostProcess({ app: '.', env });
  });

  afterAll(async () => {
    await host.stop();
  });

  async function archivedCount(): Promise<number> {
    const container = BlobServiceClient.fromConnectionString(process.env.TEST_STORAGE_CONNECTION_STRING!).getContainerClient(rawContainer);
    if (!(await container.exists())) return 0;
    let count = 0;
    for await (const _blob of container.listBlobsFlat()) count++;
    return count;
  }

  it('does not archive an event sent as a "validation" without the delivery secret, and refuses it', async () => {
    // Prepare: a real event dressed as a validation request, which skips the secret check
    const event = loadEventText('event-grid', 'resource-health.json');

    // Act
    const answer = await post(host, 'ingest/cloudevents', event, { 'aeg-event-type': 'SubscriptionValidation' });

    // Assess
    expect(answer.status).toBe(400);
    expect(await archivedCount()).toBe(0);
  });

  it('answers a real validation without archiving it, and archives an authenticated delivery', async () => {
    const validation = await post(host, 'ingest/cloudevents', loadEventText('event-grid', 'subscription-validation.json'), { 'aeg-event-type': 'SubscriptionValidation' });
    expect(validation.status).toBe(200);
    expect(await archivedCount()).toBe(0);

    const delivered = await post(host, 'ingest/cloudevents', loadEventText('event-grid', 'resource-health.json'), { 'aeg-event-type': 'Notification', 'x-delivery-secret': DELIVERY_SECRET });
    expect(delivered.status).toBe(202);
    expect(await archivedCount()).toBe(1);
  });
});
