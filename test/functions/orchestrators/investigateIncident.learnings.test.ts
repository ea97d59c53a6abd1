import { randomBytes } from 'node:crypto';
import { learningIdOf, type Learning } from '../../../shared/memory/learning';
import { memorySettings } from '../../../shared/memory/memorySettings';
import { memoryStore } from '../../../shared/memory/memoryStore';
import { eventually, startDevhostProcess, type DevhostProcess } from '../../helpers/devhostProcess';
import { startTeamsWorkflowFake, type TeamsWorkflowFake } from '../../helpers/fakes/teamsWorkflowFake';
import { appInsightsCall, readAudit, scenarioResponder, uploadGovernedPlans } from '../../helpers/governanceFixtures';
import { isLearning, isSynthesis, scenarioIncident, scriptedEngineEnv, startModelInvestigation, turnOf, waitForReport } from '../../helpers/modelInvestigation';
import { reply, startScriptedModelServer, type RecordedRequest, type ScriptedModelServer } from '../../helpers/scriptedModelServer';

// Fresh secrets each run: a storage account key and an Anthropic key, planted in a stored learning.
const ACCOUNT_KEY = randomBytes(64).toString('base64');
const API_KEY = `sk-ant-api03-${randomBytes(24).toString('hex')}`;
const leaks = (text: string): boolean => text.includes(ACCOUNT_KEY) || text.includes(API_KEY);

/** The investigation a learning request is about (the report it carries). */
function investigationOf(request: RecordedRequest): string {
  const match = /investigationId\\+"\s*:\s*\\+"([A-Za-z0-9_.:-]+)/.exec(JSON.stringify(request.body?.messages[0]?.content ?? ''));
  if (!match) throw new Error('the learning request carries no report');
  return match[1]!;
}

const opening = (request: RecordedRequest): string => JSON.stringify(request.body!.messages[0]);
const subagentRequests = (requests: ReadonlyArray<RecordedRequest>): RecordedRequest[] => requests.filter((r) => !isSynthesis(r) && !isLearning(r));

interface ReportJson {
  target?: { service: string | null };
  reliedOn?: Array<{ kind: string; memoryId: string; use: string }>;
}

describe('investigateIncident with Claude keeps a learning per service', () => {
  const table = `Memory${randomBytes(4).toString('hex')}`;
  const store = memoryStore(memorySettings.load({ MEMORY_TABLE: table }), { AzureWebJobsStorage: process.env.TEST_STORAGE_CONNECTION_STRING! });
  let server: ScriptedModelServer;
  let host: DevhostProcess;
  let teams: TeamsWorkflowFake;

  const api = (path: string, init?: RequestInit): Promise<Response> => fetch(`${host.url}/api/${path}${path.includes('?') ? '&' : '?'}code=${host.functionKey}`, init);
  const investigate = async (): Promise<{ id: string; report: ReportJson; requests: RecordedRequest[] }> => {
    const before = server.messageRequests().length;
    const id = await startModelInvestigation(host, await scenarioIncident(), 'mem-learn');
    const report = (await waitForReport(host, id)) as ReportJson;
    // The learning is written after the report: wait for the request that writes it.
    await eventually(async () => (server.messageRequests().slice(before).some((r) => isLearning(r) && investigationOf(r) === id) ? true : undefined), 30_000, 250);
    return { id, report, requests: server.messageRequests().slice(before) };
  };

  beforeAll(async () => {
    const plans = await uploadGovernedPlans([{ id: 'mem-learn', hypothesisIds: ['learn-h'], destinations: ['teams'] }]);
    const subagents = scenarioResponder({ firstTurns: { 'learn-h': reply.toolUse([appInsightsCall('toolu_learn_1')]) } });
    server = await startScriptedModelServer({
      responder: (request) => {
        if (!isLearning(request)) return subagents(request);
        const note = `# Learnings\n\n- Requests by version are the first thing to check (LEARNED-MARKER) [${investigationOf(request)}].`;
        return reply.toolUse([{ name: 'submit_learning', input: { note } }]);
      },
    });
    teams = await startTeamsWorkflowFake('teams-sig');
    host = await startDevhostProcess({
      app: '.',
      env: { ...scriptedEngineEnv(server, plans), MEMORY_TABLE: table, MEMORY_LEARNING_WRITER: 'model', TEAMS_WORKFLOW_URL: teams.workflowUrl, DESTINATIONS_ALLOW_TEST_HOSTS: 'true' },
    });
  });

  afterAll(async () => {
    await host?.stop();
    await server?.close();
    await teams?.close();
  });

  it('writes the learning with the model, gives it to the next subagents (never the prefix), never lets a secret planted in it out, and stops once it is forgotten', async () => {
    // Act: a first investigation of the service
    const first = await investigate();

    // Assess: the model wrote the service's learning, with its provenance, and the audit log says so
    const service = first.report.target?.service;
    expect(service).toEqual(expect.any(String));
    const learningId = learningIdOf(service!);
    const written = await eventually(async () => {
      const response = await api(`memory/${learningId}`);
      return response.status === 200 ? ((await response.json()) as Learning) : undefined;
    }, 30_000, 250);
    expect(written).toMatchObject({ service, writtenBy: 'model', sources: [{ investigationId: first.id, writtenBy: 'model' }], gateRejections: [] });
    expect(written.text).toContain(`LEARNED-MARKER) [${first.id}]`);
    expect((await readAudit(host, first.id)).filter((r) => r.kind === 'memory')).toEqual([expect.objectContaining({ actor: expect.objectContaining({ type: 'model' }), summary: expect.stringContaining(`learning ${learningId} of service ${service} written by the model`) })]);
    const listed = (await (await api(`memory/learnings?service=${encodeURIComponent(service!)}`)).json()) as { learnings: Learning[] };
    expect(listed.learnings.map((l) => l.id)).toEqual([learningId]);

    // Prepare: secrets planted in the stored learning (as a hostile or older writer could have left them)
    const stored = (await store.learning(service!))!;
    const planted = `${stored.learning.text}\n- Storage: DefaultEndpointsProtocol=https;AccountName=stshop;AccountKey=${ACCOUNT_KEY};EndpointSuffix=core.windows.net [${first.id}]\n- Status page key ${API_KEY} [${first.id}]`;
    expect(await store.saveLearning({ ...stored.learning, text: planted }, stored.etag)).toBe(true);

    // Act: a second investigation of the service
    const second = await investigate();

    // Assess: its subagents read the learning, redacted, in their opening message, and the report cites it
    const openings = subagentRequests(second.requests).filter((r) => turnOf(r) === 1);
    expect(openings.length).toBeGreaterThan(0);
    for (const request of openings) {
      expect(opening(request)).toMatch(new RegExp(`<untrusted_data source=\\\\"memory\\\\">[^<]*memory ${learningId}, written by the model`));
      expect(opening(request)).toContain('LEARNED-MARKER');
      expect(opening(request)).toContain('AccountKey=[REDACTED');
    }
    expect(second.report.reliedOn).toEqual(expect.arrayContaining([{ kind: 'learning', memoryId: learningId, what: expect.any(String), use: 'given to the subagents as untrusted context to verify', from: expect.stringContaining(first.id) }]));

    // Assess: no planted secret in any model request (the subagents' nor the learning writer's), the report, the Teams cards or the new learning
    for (const request of server.messageRequests()) expect(leaks(request.rawBody)).toBe(false);
    const reportMd = await (await api(`investigations/${second.id}/report.md`)).text();
    expect(reportMd).toContain('## What the responder relied on');
    expect(reportMd).toContain(`learning \`${learningId}\``);
    expect(leaks(reportMd) || leaks(JSON.stringify(second.report))).toBe(false);
    await eventually(async () => (teams.requests.some((r) => r.body.includes(second.id) && r.body.includes('"Root cause"')) ? true : undefined), 20_000, 200);
    for (const request of teams.requests) expect(leaks(request.body)).toBe(false);
    const rewritten = await eventually(async () => {
      const now = await store.learning(service!);
      return now?.learning.sources[0]?.investigationId === second.id ? now.learning : undefined;
    }, 30_000, 250);
    expect(leaks(JSON.stringify(rewritten))).toBe(false);

    // Act: forget the learning
    expect((await api(`memory/${learningId}`, { method: 'DELETE' })).status).toBe(204);
    const third = await investigate();

    // Assess: the next subagents no longer read it, the report no longer cites it, and the audit log names who forgot it
    for (const request of subagentRequests(third.requests).filter((r) => turnOf(r) === 1)) expect(opening(request)).not.toContain(learningId);
    expect((third.report.reliedOn ?? []).filter((m) => m.kind === 'learning')).toEqual([]);
    expect(await readAudit(host, `memory-${learningId}`)).toEqual([expect.objectContaining({ kind: 'memory', actor: { type: 'human', id: expect.any(String) }, summary: `learning ${learningId} of service ${service} forgotten` })]);

    // Assess: every subagent request of the three investigations shares one byte-identical prefix, free of memory
    const prefixes = new Set(subagentRequests(server.messageRequests()).map((r) => JSON.stringify({ tools: r.body!.tools, system: r.body!.system })));
    expect(prefixes.size).toBe(1);
    expect([...prefixes][0]).not.toContain('LEARNED-MARKER');
  });
});
