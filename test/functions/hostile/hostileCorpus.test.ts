import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { TableClient } from '@azure/data-tables';
import { BlobServiceClient } from '@azure/storage-blob';
import { createApprovalStore, createAuditLog, createRedactor } from '../../../shared/governance';
import { eventually, type DevhostProcess } from '../../helpers/devhostProcess';
import { sendRaw, type RawAnswer } from '../../helpers/rawHttp';
import { azureMonitorAlert, get, guid, post, startIngestHostWithStore } from '../ingress/ingestHost';
import { buildCorpus, meets, type CorpusCase, type CorpusContext } from './hostileCorpus';

interface Outcome {
  kase: CorpusCase;
  status: number;
  text: string;
  error?: string;
}

/** Runs cases `width` at a time; an unanswered request is an outcome with status 0. */
async function runAll(host: DevhostProcess, cases: CorpusCase[], width: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const kase = cases[next++]!;
      outcomes.push(await runOne(host, kase));
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return outcomes;
}

async function runOne(host: DevhostProcess, kase: CorpusCase): Promise<Outcome> {
  try {
    const answer: RawAnswer = await sendRaw(host.url, kase.request, 90_000);
    return { kase, status: answer.status, text: answer.text };
  } catch (error) {
    return { kase, status: 0, text: '', error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * A client that sends the start of a request slowly, then stops and keeps the connection open.
 * Resolves with the status the host answered (408 once the request timeout passes), 0 if it only
 * closed the connection.
 */
function slowClient(host: DevhostProcess, name: string, head: string, trickle: string[]): Promise<Outcome> {
  const url = new URL(host.url);
  const kase: CorpusCase = { kind: 'slow body', name, request: { method: 'POST', path: '(raw socket)' }, expect: [408] };
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    const received: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      socket.write(head);
      let i = 0;
      timer = setInterval(() => {
        if (i < trickle.length) socket.write(trickle[i++]!);
        else clearInterval(timer);
      }, 250);
    });
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    const finish = (): void => {
      clearInterval(timer);
      const text = Buffer.concat(received).toString('utf8');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ kase, status, text });
    };
    socket.on('close', finish);
    socket.on('error', () => undefined);
    socket.setTimeout(60_000, () => socket.destroy());
  });
}

function statusClass(status: number): string {
  return status === 0 ? 'no answer' : `${Math.floor(status / 100)}xx`;
}

describe('the hostile corpus against a real devhost and Azurite', () => {
  let host: DevhostProcess;
  const connection = process.env.TEST_STORAGE_CONNECTION_STRING!;
  const blobs = BlobServiceClient.fromConnectionString(connection);
  const suffix = randomBytes(4).toString('hex');
  const names = { reports: `reports-${suffix}`, audit: `audit-${suffix}`, other: `other-${suffix}`, approvals: `Approvals${suffix}` };
  const sentinel = `SENTINEL-${randomBytes(12).toString('hex')}`;
  const victimId = `victim-${randomBytes(8).toString('hex')}`;
  let ctx: CorpusContext;
  let approvalTable: TableClient;

  beforeAll(async () => {
    // Prepare: the host, a sentinel outside every record the corpus may read, and the records it targets
    ({ host } = await startIngestHostWithStore({
      REPORTS_CONTAINER: names.reports,
      GOVERNANCE_AUDIT_CONTAINER: names.audit,
      GOVERNANCE_APPROVALS_TABLE: names.approvals,
      DEVHOST_REQUEST_TIMEOUT_MS: '5000',
    }));
    for (const [container, blob] of [[names.other, 'victim/report.json'], [names.reports, `${victimId}/report.json`], [names.reports, `${victimId}/report.md`]] as const) {
      await blobs.getContainerClient(container).createIfNotExists();
      await blobs.getContainerClient(container).getBlockBlobClient(blob).upload(sentinel, sentinel.length);
    }
    await createAuditLog(blobs.getContainerClient(names.audit), createRedactor()).append({ at: new Date().toISOString(), investigationId: victimId, kind: 'decision', actor: { type: 'system', id: 'governance' }, summary: sentinel });
    const fired = await post(host, 'ingest/azure-monitor', azureMonitorAlert(guid()));
    const own = fired.body.results[0] as { id: string; investigationId: string };
    await eventually(async () => ((await get(host, `investigations/${own.investigationId}`)).status === 200 ? true : undefined), 30_000);
    approvalTable = TableClient.fromConnectionString(connection, names.approvals, { allowInsecureConnection: true });
    const approvals = createApprovalStore(approvalTable);
    const now = new Date();
    const request = (investigationId: string, toolCallId: string) => ({ investigationId, instanceId: investigationId, toolCallId, toolName: 'azure_cli', invocation: 'azure_cli(az webapp restart -n app1 -g rg1)', requestReason: 'corpus', requestedAt: now.toISOString(), expiresAt: new Date(now.getTime() + 3_600_000).toISOString() });
    const ownApproval = await approvals.request(request(own.investigationId, 'toolu_corpus_own'));
    const foreignApproval = await approvals.request(request(victimId, 'toolu_corpus_foreign'));
    ctx = { functionKey: host.functionKey, masterKey: host.masterKey, otherContainer: names.other, victimId, ownInvestigationId: own.investigationId, ownIncidentId: own.id, ownApprovalId: ownApproval.id, foreignApprovalId: foreignApproval.id };
  }, 120_000);

  afterAll(async () => {
    await host?.stop();
  });

  it('answers every request with a 4xx or a 2xx, reads no other record, and keeps ingesting', async () => {
    // Act: the corpus, with slow clients holding connections open meanwhile
    const corpus = buildCorpus(ctx);
    const slowPath = `/api/ingest/azure-monitor?code=${host.functionKey}`;
    const slow = Promise.all([
      slowClient(host, 'a body sent slowly, then not at all', `POST ${slowPath} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n`, ['{"data":', '{"essentials"', ':{']),
      slowClient(host, 'a chunked body that stops', `POST ${slowPath} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`, ['5\r\n{"a":\r\n', '3\r\n"b"\r\n']),
      slowClient(host, 'headers sent slowly, then not at all', `GET /api/investigations?code=${host.functionKey} HTTP/1.1\r\n`, ['Host: x\r\n', 'X-Slow: 1\r\n']),
    ]);
    const outcomes = [...(await runAll(host, corpus.filter((c) => !c.ordered), 6)), ...(await runAll(host, corpus.filter((c) => c.ordered), 1)), ...(await slow)];

    // Assess: the summary first, then each property over the whole corpus
    const byClass = new Map<string, number>();
    for (const o of outcomes) byClass.set(statusClass(o.status), (byClass.get(statusClass(o.status)) ?? 0) + 1);
    process.stdout.write(`hostile corpus: ${outcomes.length} requests; ${[...byClass.entries()].sort().map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
    const describe = (o: Outcome): string => `[${o.kase.kind}] ${o.kase.name}: ${o.status}${o.error ? ` (${o.error})` : ''} ${o.text.slice(0, 160)}`;
    const approvals = createApprovalStore(approvalTable);
    const alert = await post(host, 'ingest/azure-monitor', azureMonitorAlert(guid(), 'Fired', 'log-v2.json'));
    const investigationId = (alert.body?.results?.[0] as { investigationId?: string } | undefined)?.investigationId;
    const startedWithinSeconds = await eventually(async () => {
      const answer = await get(host, `investigations/${investigationId}`);
      return answer.status === 200 && ['Running', 'Completed'].includes(answer.body.runtimeStatus as string) ? true : undefined;
    }, 15_000).catch(() => false);
    // One assertion over everything, so a failure shows every broken property at once.
    expect({
      enough: outcomes.length >= 300,
      fiveHundredsOrUnanswered: outcomes.filter((o) => (o.status === 0 && !(o.kase.refusedByReset && /ECONNRESET|EPIPE/.test(o.error ?? ''))) || o.status >= 500).map(describe),
      unexpectedStatus: outcomes.filter((o) => o.status !== 0 && o.status < 500 && !meets(o.status, o.kase.expect)).map(describe),
      readOutsideItsRecord: outcomes.filter((o) => o.text.includes(sentinel)).map(describe),
      foreignApproval: (await approvals.get(ctx.foreignApprovalId))?.status,
      ownApproval: (await approvals.get(ctx.ownApprovalId)) ?? null,
      health: (await sendRaw(host.url, { method: 'GET', path: '/api/health' })).status,
      finalAlert: alert.status,
      startedWithinSeconds,
    }).toEqual({
      enough: true,
      fiveHundredsOrUnanswered: [],
      unexpectedStatus: [],
      readOutsideItsRecord: [],
      foreignApproval: 'pending',
      ownApproval: expect.objectContaining({ status: 'approved', decidedBy: 'function-key', decisionReason: 'corpus approves' }),
      health: 200,
      finalAlert: 202,
      startedWithinSeconds: true,
    });
  }, 600_000);
});
