import { randomBytes } from 'node:crypto';
import type { Incident } from '../../../shared/incident';
import { learningIdOf, type Learning } from '../../../shared/memory/learning';
import { learningFromVerdicts } from '../../../shared/memory/learningFromVerdicts';
import { learningGate } from '../../../shared/memory/learningGate';
import { memorySettings } from '../../../shared/memory/memorySettings';
import { memoryStore } from '../../../shared/memory/memoryStore';
import { recallMemory } from '../../../shared/memory/recallMemory';
import { rememberIncident } from '../../../shared/memory/rememberIncident';
import { memoryForPrompt } from '../../../shared/memory/renderSeenBefore';
import { createRedactor } from '../../../shared/governance/redaction/redactor';
import { synthesizeDeterministicReport } from '../../../shared/report/synthesizeDeterministicReport';
import type { InvestigationReport } from '../../../shared/report/reportSchema';
import type { ResolvedTarget } from '../../../shared/targets/resolvedTarget';
import { reply, startScriptedModelServer, type RecordedRequest, type ScriptedModelServer } from '../../helpers/scriptedModelServer';
import { context, plan, verdict } from '../report/reportFixtures';
import { pagerDutyIncident } from '../targets/targetFixtures';

const SECRET = `ghp_${'L3a4R5n6I7'.repeat(4)}`;

/** A deterministic report of investigation `id`: `deploy` supported by `deploy:c1`, `dep` refuted. */
function report(id: string, finishedAt = '2026-03-04T12:01:30.000Z'): InvestigationReport {
  return synthesizeDeterministicReport({ ...context, investigationId: id, finishedAt, verdicts: [verdict('deploy', 'supported', 0.9, ['deploy:c1']), verdict('dep', 'refuted', 0.8, ['dep:c1'])] });
}

function freshEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, AzureWebJobsStorage: process.env.TEST_STORAGE_CONNECTION_STRING, MEMORY_TABLE: `Memory${randomBytes(4).toString('hex')}`, ANTHROPIC_API_KEY: '', ...extra };
}

describe('learnings', () => {
  const incident: Incident = pagerDutyIncident();
  const service = incident.service!;
  const redactor = createRedactor();

  it('writes a learning from the verdicts: one cited line per investigation, newest first, bounded by dropping the oldest', () => {
    // Act
    const first = learningFromVerdicts(report('inv-1'), service, undefined, 2000);
    const second = learningFromVerdicts(report('inv-2'), service, first, 2000);
    const again = learningFromVerdicts(report('inv-2'), service, second, 2000);
    const bounded = learningFromVerdicts(report('inv-3'), service, second, 400);

    // Assess
    expect(first.split('\n')).toEqual([
      `# Learnings: ${service}`,
      '',
      "- 2026-03-04 [inv-1]: confirmed deploy (bad_deployment, 90%): Bad release: deploy summary. Deciding query (app_insights_query): `AppRequests | summarize count() by AppVersion` [deploy:c1]. Ruled out: dep.",
    ]);
    expect(second.split('\n').filter((l) => l.startsWith('- ')).map((l) => l.slice(13, 20))).toEqual(['[inv-2]', '[inv-1]']);
    expect(again).toBe(second);
    expect(bounded.length).toBeLessThanOrEqual(400);
    expect(bounded).toContain('[inv-3]');
    expect(bounded).not.toContain('[inv-1]');
  });

  it('the learning gate accepts a cited note and refuses one too long, quoting a secret, uncited or citing what it was not given', () => {
    const base = { maxChars: 300, citable: new Set(['inv-1', 'deploy:c1', 'inv-0']), current: new Set(['inv-1', 'deploy:c1']), redactText: (t: string) => redactor.redactText(t) };
    const gate = (text: string): string[] => learningGate({ ...base, text }).reasons;

    expect(learningGate({ ...base, text: '# Learnings: x\n\n- Release 2.5.0 broke orders [inv-1] [deploy:c1].\n- See the [runbook](https://example.com) [inv-0].' })).toEqual({ accepted: true, reasons: [] });
    expect(gate(`- ${'x'.repeat(300)} [inv-1]`)).toEqual(['the note is 310 characters, over the bound of 300']);
    expect(gate(`- token ${SECRET} [inv-1]`)).toEqual(['the note quotes a secret (redaction would change it)']);
    expect(gate('- broke orders [inv-1]\n- it was probably DNS')).toEqual(['1 bullet(s) cite no investigation or tool call, e.g. "- it was probably DNS"']);
    expect(gate('- broke orders [inv-1] [toolu_99]')).toEqual(['it cites toolu_99, which the evidence does not have']);
    expect(gate('- an earlier finding [inv-0]')).toEqual(['it cites nothing of this investigation']);
    expect(gate('Just prose.')).toEqual(['the note has no bullet', 'it cites nothing of this investigation']);
  });

  describe('written after an investigation', () => {
    let server: ScriptedModelServer;
    let note: (request: RecordedRequest) => string;

    beforeAll(async () => {
      server = await startScriptedModelServer({ responder: (request) => reply.toolUse([{ name: 'submit_learning', input: { note: note(request) } }]) });
    });

    afterAll(async () => {
      await server?.close();
    });

    const modelEnv = (): NodeJS.ProcessEnv => freshEnv({ ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: server.baseURL });

    it('keeps the note the model wrote when the gate accepts it, with provenance; the model never reads a secret of the report', async () => {
      // Prepare: a report quoting a token
      const env = modelEnv();
      note = () => `# Learnings: ${service}\n\n- Release 2.5.0 broke order creation; check requests by version first [inv-1] [deploy:c1].`;
      const withSecret = { ...report('inv-1'), summary: `Token ${SECRET} was in the logs.`, rootCause: `Bad release (token ${SECRET}).` };
      const before = server.requests.length;

      // Act
      const output = await rememberIncident({ schemaVersion: 1, incident, report: withSecret }, env);

      // Assess: the model's note is stored, with who wrote it and from which investigation
      expect(output.learningId).toBe(learningIdOf(service));
      const stored = (await memoryStore(memorySettings.load(env), env).get(learningIdOf(service))) as Learning;
      expect(stored).toMatchObject({ kind: 'learning', service, writtenBy: 'model', model: expect.any(String), gateRejections: [], sources: [{ investigationId: 'inv-1', writtenBy: 'model' }] });
      expect(stored.text).toContain('check requests by version first [inv-1]');
      const requests = server.requests.slice(before);
      expect(requests).toHaveLength(1);
      expect(requests[0]!.rawBody).toContain('[REDACTED:github-token]');
      expect(requests[0]!.rawBody).not.toContain(SECRET);
    });

    it('writes the note from the verdicts when the gate refuses the model\'s (a planted secret, an invented source) and records why', async () => {
      // Prepare: the model quotes a secret and cites a tool call that does not exist
      const env = modelEnv();
      note = () => `# Learnings: ${service}\n\n- The key is ${SECRET} [inv-1].\n- DNS failed [toolu_invented].`;

      // Act
      await rememberIncident({ schemaVersion: 1, incident, report: report('inv-1') }, env);

      // Assess
      const stored = (await memoryStore(memorySettings.load(env), env).get(learningIdOf(service))) as Learning;
      expect(stored.writtenBy).toBe('verdicts');
      expect(stored.gateRejections).toEqual(['the note quotes a secret (redaction would change it)', 'it cites toolu_invented, which the evidence does not have']);
      expect(stored.text).toContain('[inv-1]: confirmed deploy');
      expect(JSON.stringify(stored)).not.toContain(SECRET);
    });
  });

  it('keeps every investigation of concurrent rewrites (ETag), reaches the next investigation, and is gone once forgotten', async () => {
    // Prepare
    const env = freshEnv();
    const store = memoryStore(memorySettings.load(env), env);

    // Act: five investigations of the service finish at once
    const ids = ['inv-a', 'inv-b', 'inv-c', 'inv-d', 'inv-e'];
    await Promise.all(ids.map((id, i) => rememberIncident({ schemaVersion: 1, incident, report: report(id, `2026-03-04T12:0${i}:00.000Z`) }, env)));

    // Assess: none overwrote another's entry
    const learning = (await store.learnings(10))[0]!;
    for (const id of ids) expect(learning.text).toContain(`[${id}]`);
    expect(learning.sources.map((s) => s.investigationId).sort()).toEqual(ids);

    // Act: the next investigation of the service
    const target = { status: 'unknown', service: null, gaps: [] } as unknown as ResolvedTarget;
    const recall = (): ReturnType<typeof recallMemory> => recallMemory({ investigationId: 'inv-next', incident, target, plan, engine: 'model', baseUrl: '', gaps: [], env });
    const recalled = await recall();

    // Assess: its subagents read the note, cited by its memory id
    expect(recalled.memory.learning?.id).toBe(learning.id);
    expect(memoryForPrompt(recalled.memory)).toContain(`(memory ${learning.id}, written by the verdicts`);

    // Act: forget it
    expect(await store.forget(learning.id)).toEqual({ kind: 'learning', service });

    // Assess
    expect((await recall()).memory.learning).toBeNull();
  });
});
