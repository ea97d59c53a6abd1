import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledFolder } from '../../../shared/knowledge/knowledgeFolders';
import { loadInvestigationKnowledge } from '../../../shared/knowledge/loadInvestigationKnowledge';
import { knowledgeProblems, taskRunbookProblems } from '../../../shared/knowledge/validateKnowledge';
import { bundledPlansDirectory, loadPlans } from '../../../shared/plans/loadPlans';
import { DirectoryPlanSource } from '../../../shared/plans/planSource';
import { folderWith, incidentSaying, skillFile } from './knowledgeFixtures';

/** Loads the knowledge of a plan listing `knowledge` for `incident`, with `settings`; returns it and the gaps. */
async function load(knowledge: string[], settings: Record<string, string>, incident = incidentSaying('Nothing any skill mentions')) {
  const gaps: string[] = [];
  const loaded = await loadInvestigationKnowledge({ plan: { id: 'p', knowledge }, incident, env: { ...settings }, gaps });
  return { ...loaded, gaps };
}

describe('runbooks: the knowledge files a plan lists', () => {
  it('ships a runbook with diagnosis KQL, mitigations and escalation for every bundled plan, and every one exists', async () => {
    // Prepare
    const { plans } = await loadPlans(new DirectoryPlanSource(bundledPlansDirectory()));

    // Act
    const problems = await knowledgeProblems(plans, {});

    // Assess
    expect(problems).toEqual([]);
    for (const plan of plans) {
      expect(plan.knowledge).toHaveLength(1);
      const text = readFileSync(join(bundledFolder('knowledge'), plan.knowledge[0]!), 'utf8');
      expect(text).toMatch(/```kusto\n[\s\S]+?\| (summarize|project)/);
      expect(text).toMatch(/^## Mitigation/m);
      expect(text).toMatch(/^## Escalation/m);
    }
  });

  it("gives the subagents a bundled plan's runbook as labelled untrusted data and records it", async () => {
    // Act
    const { text, used, gaps } = await load(['http-5xx-after-deployment.md'], {});

    // Assess
    expect(text).toMatch(/^<untrusted_data source="knowledge:http-5xx-after-deployment.md">\n# Runbook: HTTP 5xx after a deployment/);
    expect(used).toEqual([{ kind: 'runbook', name: 'http-5xx-after-deployment.md', origin: 'bundled', reason: 'listed by plan p', chars: expect.any(Number), truncated: false }]);
    expect(used[0]!.chars).toBe(readFileSync(join(bundledFolder('knowledge'), 'http-5xx-after-deployment.md'), 'utf8').trim().length);
    expect(gaps).toEqual([]);
  });

  it('reads KNOWLEDGE_DIR before the bundled folder: its own runbooks, and its replacement of a bundled one', async () => {
    // Prepare
    const dir = folderWith({ 'team.md': 'Call the payments DBA first.', 'certificate-expiry.md': 'Our certificates live in kv-shared.' });

    // Act
    const { text, used } = await load(['team.md', 'certificate-expiry.md', 'latency-slow-dependency.md'], { KNOWLEDGE_DIR: dir });

    // Assess
    expect(used.map((u) => [u.name, u.origin])).toEqual([
      ['team.md', 'KNOWLEDGE_DIR'],
      ['certificate-expiry.md', 'KNOWLEDGE_DIR'],
      ['latency-slow-dependency.md', 'bundled'],
    ]);
    expect(text).toContain('Our certificates live in kv-shared.');
    expect(text).not.toContain('# Runbook: TLS certificate expiry');
  });

  it('cuts the runbooks at KNOWLEDGE_MAX_CHARS: the one crossing it is cut, the next left out, both listed as gaps', async () => {
    // Prepare
    const dir = folderWith({ 'a.md': 'A'.repeat(400), 'b.md': 'B'.repeat(400), 'c.md': 'C'.repeat(400) });

    // Act
    const { text, used, gaps } = await load(['a.md', 'b.md', 'c.md'], { KNOWLEDGE_DIR: dir, KNOWLEDGE_MAX_CHARS: '600' });

    // Assess
    expect(used.map((u) => [u.name, u.chars, u.truncated])).toEqual([
      ['a.md', 400, false],
      ['b.md', 200, true],
    ]);
    expect(text).toContain(`${'B'.repeat(200)}\n[... cut here: KNOWLEDGE_MAX_CHARS reached ...]`);
    expect(text).not.toContain('B'.repeat(201));
    expect(text).not.toContain('knowledge:c.md');
    expect(text).not.toContain('CCC');
    expect(gaps).toEqual(['runbook b.md was cut to 200 of 400 characters (KNOWLEDGE_MAX_CHARS)', 'runbook c.md was left out: KNOWLEDGE_MAX_CHARS (600 characters) was reached']);
  });

  it('turns a runbook that is missing at run time, or outside the folders, into a gap rather than a failure', async () => {
    // Prepare
    const dir = folderWith({ 'inside.md': 'ok' });

    // Act
    const { used, gaps } = await load(['gone.md', '../etc/passwd', 'inside.md'], { KNOWLEDGE_DIR: dir });

    // Assess
    expect(used.map((u) => u.name)).toEqual(['inside.md']);
    expect(gaps).toEqual([
      'runbook gone.md is in no knowledge folder: the subagents worked without it',
      'runbook ../etc/passwd is in no knowledge folder: the subagents worked without it',
    ]);
  });

  it('names the plan and the missing runbook when validating, with the folders it looked in', async () => {
    // Prepare
    const dir = folderWith({ 'here.md': 'x' });

    // Act
    const problems = await knowledgeProblems([{ id: 'checkout', knowledge: ['here.md', 'checkout-runbook.md'] }], { KNOWLEDGE_DIR: dir });

    // Assess
    expect(problems).toEqual([`plan checkout: knowledge: runbook 'checkout-runbook.md' is in none of ${dir} (KNOWLEDGE_DIR), ${bundledFolder('knowledge')} (bundled)`]);
  });

  it('names a scheduled task whose own knowledge: lists a missing runbook, and ignores tasks that list none', async () => {
    // Act
    const problems = await taskRunbookProblems([{ id: 'weekly-review', knowledge: ['general-triage.md', 'weekly.md'] }, { id: 'from-plan' }], { KNOWLEDGE_DIR: '' });

    // Assess
    expect(problems).toEqual([`task weekly-review: knowledge: runbook 'weekly.md' is in none of ${bundledFolder('knowledge')} (bundled)`]);
  });
});

describe('skills: SKILL.md files chosen by their description', () => {
  const crashLoop = incidentSaying('Pods of checkout keep restarting: OOMKilled', 'Kubernetes containers exceed their memory limit');

  it('loads the bundled skill whose description matches the incident, with the words that matched', async () => {
    // Act
    const { text, used } = await load([], {}, crashLoop);

    // Assess
    expect(used).toEqual([
      { kind: 'skill', name: 'aks-pod-memory-troubleshooting', origin: 'bundled', reason: expect.stringMatching(/^its description shares .*oomkilled.* with the incident$/), chars: expect.any(Number), truncated: false },
    ]);
    expect(text).toMatch(/<untrusted_data source="skill:aks-pod-memory-troubleshooting">\nSkill aks-pod-memory-troubleshooting: Troubleshoot AKS/);
    expect(text).toContain('# AKS pod memory troubleshooting');
  });

  it('loads no skill when the incident shares fewer words than SKILLS_MIN_SHARED_WORDS with every description', async () => {
    // Prepare
    const dir = folderWith(skillFile('disk-full', 'Free disk space on a full volume.'));

    // Act
    const one = await load([], { SKILLS_DIR: dir, SKILLS_MIN_SHARED_WORDS: '3' }, incidentSaying('Volume is full on vm-1'));
    const two = await load([], { SKILLS_DIR: dir, SKILLS_MIN_SHARED_WORDS: '2' }, incidentSaying('Volume is full on vm-1'));

    // Assess
    expect(one.used).toEqual([]);
    expect(two.used.map((u) => [u.name, u.reason])).toEqual([['disk-full', 'its description shares full, volume with the incident']]);
  });

  it('loads at most SKILLS_MAX skills (3 by default), those sharing the most words first', async () => {
    // Prepare: four skills about queues, sharing 6, 4, 3 and 2 words with the incident
    const dir = folderWith({
      ...skillFile('six', 'Service Bus queue dead letter backlog growing.'),
      ...skillFile('four', 'Bus queue backlog growing.'),
      ...skillFile('three', 'Bus queue backlog.'),
      ...skillFile('two', 'Bus queue.'),
    });
    const incident = incidentSaying('Service Bus queue dead letter backlog growing');

    // Act
    const byDefault = await load([], { SKILLS_DIR: dir }, incident);
    const atMostOne = await load([], { SKILLS_DIR: dir, SKILLS_MAX: '1' }, incident);
    const off = await load([], { SKILLS_DIR: dir, SKILLS_MAX: '0' }, incident);

    // Assess
    expect(byDefault.used.map((u) => u.name)).toEqual(['six', 'four', 'three']);
    expect(atMostOne.used.map((u) => u.name)).toEqual(['six']);
    expect(off.used).toEqual([]);
  });

  it('cuts skill bodies at SKILLS_MAX_CHARS, separately from the runbooks', async () => {
    // Prepare
    const dir = folderWith({ ...skillFile('queue-backlog', 'Service Bus queue backlog.', 'Q'.repeat(2000)) });

    // Act
    const { used, gaps, text } = await load(['certificate-expiry.md'], { SKILLS_DIR: dir, SKILLS_MAX_CHARS: '1000' }, incidentSaying('Service Bus queue backlog'));

    // Assess
    expect(used.map((u) => [u.kind, u.name, u.chars, u.truncated])).toEqual([
      ['runbook', 'certificate-expiry.md', expect.any(Number), false],
      ['skill', 'queue-backlog', 1000, true],
    ]);
    expect(gaps).toEqual([expect.stringMatching(/^skill queue-backlog was cut to 1000 of \d+ characters \(SKILLS_MAX_CHARS\)$/)]);
    expect(text).toContain('[... cut here: SKILLS_MAX_CHARS reached ...]');
  });
});
