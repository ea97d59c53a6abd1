import { randomBytes } from 'node:crypto';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { ArchivedBodySchema, RawArchive } from '../../../shared/ingestion/rawArchive';

async function blobNames(container: ContainerClient, prefix: string): Promise<string[]> {
  const names: string[] = [];
  for await (const blob of container.listBlobsFlat({ prefix })) names.push(blob.name);
  return names;
}

describe('RawArchive against Azurite', () => {
  const container = BlobServiceClient.fromConnectionString(process.env.TEST_STORAGE_CONNECTION_STRING!).getContainerClient(`raw-archive-${randomBytes(4).toString('hex')}`);
  const ready = (): Promise<void> => container.createIfNotExists().then(() => undefined);

  afterAll(async () => {
    await container.deleteIfExists();
  });

  it('stores bodies submitted together in one segment and reads each back byte for byte', async () => {
    // Prepare
    const archive = new RawArchive(container, ready);
    const receivedAt = new Date('2026-03-04T23:30:00.250Z');
    const bodies = [
      { body: Buffer.from('{"schemaId":"azureMonitorCommonAlertSchema","n":1}'), contentType: 'application/json' },
      { body: Buffer.from('line one\nline two\r\n"quoted" é ✓ 🚨'), contentType: 'text/plain; charset=utf-8' },
      { body: Buffer.alloc(0), contentType: undefined },
    ];

    // Act
    const submissions = bodies.map(({ body, contentType }) => archive.submit('azure-monitor', body, contentType, receivedAt));
    await Promise.all(submissions.map((s) => s.stored));
    const read = await Promise.all(submissions.map((s) => archive.read(s.ref)));

    // Assess
    const segments = new Set(submissions.map((s) => s.ref.split('#')[0]));
    expect(segments.size).toBe(1);
    expect(await blobNames(container, 'azure-monitor/2026/03/04/')).toEqual([...segments]);
    expect(submissions.map((s) => s.ref.split('#')[1])).toEqual(['0', '1', '2']);
    read.forEach((entry, i) => {
      expect(entry).toBeDefined();
      expect(entry!.body.equals(bodies[i]!.body)).toBe(true);
      expect(entry).toMatchObject({ ref: submissions[i]!.ref, receivedAt: '2026-03-04T23:30:00.250Z', contentType: bodies[i]!.contentType ?? null });
    });
  });

  it('round-trips a body that is not valid UTF-8 exactly, stored as base64', async () => {
    // Prepare
    const archive = new RawArchive(container, ready);
    const body = Buffer.from([0xff, 0xfe, 0x00, 0x41]);

    // Act
    const { ref, stored } = archive.submit('pagerduty', body, 'application/octet-stream', new Date('2026-01-09T08:00:00.000Z'));
    await stored;
    const entry = await archive.read(ref);

    // Assess
    expect(entry?.body.equals(body)).toBe(true);
    const segment = (await container.getBlockBlobClient(ref.split('#')[0]!).downloadToBuffer()).toString('utf8');
    const line = ArchivedBodySchema.parse(JSON.parse(segment.split('\n')[0]!));
    expect(line.body).toBeUndefined();
    expect(line.bodyBase64).toBe(body.toString('base64'));
  });

  it('names a body by its source and the UTC day it was received, then its segment and line', async () => {
    // Prepare
    const archive = new RawArchive(container, ready);

    // Act
    // The second instant is 2026-01-01 at the sender's offset but still 2025-12-31 in UTC.
    const [first, second, third] = [
      archive.submit('servicenow', Buffer.from('{}'), 'application/json', new Date('2025-12-31T23:59:59.999+00:00')),
      archive.submit('servicenow', Buffer.from('{}'), 'application/json', new Date('2026-01-01T01:30:00.000+02:00')),
      archive.submit('servicenow', Buffer.from('{}'), 'application/json', new Date('2025-12-31T00:00:00.000Z')),
    ];

    // Assess
    expect(first.ref).toMatch(/^servicenow\/2025\/12\/31\/[^/#]+\.ndjson#0$/);
    expect(second.ref).toMatch(/^servicenow\/2025\/12\/31\/[^/#]+\.ndjson#1$/);
    expect(third.ref).toMatch(/^servicenow\/2025\/12\/31\/[^/#]+\.ndjson#2$/);
    await Promise.all([first.stored, second.stored, third.stored]);
  });

  it('answers undefined for an unknown segment, a line past its end and a malformed reference', async () => {
    // Prepare
    const archive = new RawArchive(container, ready);
    const { ref, stored } = archive.submit('event-grid', Buffer.from('{"id":"e1"}'), 'application/json', new Date('2026-02-02T12:00:00.000Z'));
    await stored;
    const segment = ref.split('#')[0]!;

    // Act
    const results = await Promise.all([
      archive.read('event-grid/2026/02/02/no-such-segment.ndjson#0'),
      archive.read(`${segment}#1`),
      archive.read(`${segment}#7`),
      archive.read('not a reference'),
      archive.read(`${segment}#-1`),
    ]);

    // Assess
    expect(results).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(await archive.read(ref)).toBeDefined();
  });

  it('writes segment lines that parse with ArchivedBodySchema and carry their own references', async () => {
    // Prepare
    const archive = new RawArchive(container, ready);
    const receivedAt = new Date('2026-05-06T07:08:09.010Z');

    // Act
    const submissions = ['{"a":1}', '{"b":2}'].map((text) => archive.submit('azure-monitor', Buffer.from(text), 'application/json', receivedAt));
    await Promise.all(submissions.map((s) => s.stored));
    const blob = await container.getBlockBlobClient(submissions[0]!.ref.split('#')[0]!).downloadToBuffer();

    // Assess
    const lines = blob.toString('utf8').split('\n').filter((line) => line.length > 0);
    const entries = lines.map((line) => ArchivedBodySchema.parse(JSON.parse(line)));
    expect(entries).toEqual([
      { ref: submissions[0]!.ref, receivedAt: '2026-05-06T07:08:09.010Z', contentType: 'application/json', body: '{"a":1}' },
      { ref: submissions[1]!.ref, receivedAt: '2026-05-06T07:08:09.010Z', contentType: 'application/json', body: '{"b":2}' },
    ]);
  });

  it('keeps the bodies of a day when a request of that day finishes after the next day began', async () => {
    // Prepare: a body of the 4th stored, then one of the 5th
    const archive = new RawArchive(container, ready);
    const early = archive.submit('azure-monitor', Buffer.from('{"early":true}'), 'application/json', new Date('2026-03-04T23:59:59.900Z'));
    await early.stored;
    await archive.submit('azure-monitor', Buffer.from('{"next":true}'), 'application/json', new Date('2026-03-05T00:00:00.100Z')).stored;

    // Act: a request received on the 4th that only now reaches the archive
    const late = archive.submit('azure-monitor', Buffer.from('{"late":true}'), 'application/json', new Date('2026-03-04T23:59:59.950Z'));
    await late.stored;

    // Assess
    expect(late.ref).not.toBe(early.ref);
    expect(late.ref).toMatch(/^azure-monitor\/2026\/03\/04\//);
    expect((await archive.read(early.ref))?.body.toString('utf8')).toBe('{"early":true}');
    expect((await archive.read(late.ref))?.body.toString('utf8')).toBe('{"late":true}');
  });
});
