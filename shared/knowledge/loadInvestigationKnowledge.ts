import { ConfigError } from '../errors';
import type { Incident } from '../incident';
import { wrapUntrusted } from '../llm/untrustedData';
import type { Plan } from '../plans/planSchema';
import { runbookFolders, skillFolders } from './knowledgeFolders';
import { knowledgeSettings } from './knowledgeSettings';
import type { KnowledgeUse } from './knowledgeUse';
import { loadSkills } from './loadSkills';
import { matchSkills } from './matchSkills';
import { readRunbooks } from './runbooks';

/** What an investigation gives its subagents as reference material, and the record of it. */
interface InvestigationKnowledge {
  /** Runbooks then skills, each wrapped and labelled as untrusted data; '' when there are none. */
  text: string;
  used: KnowledgeUse[];
}

/** One piece of knowledge before the size cap. */
interface Candidate {
  use: Omit<KnowledgeUse, 'chars' | 'truncated'>;
  label: string;
  text: string;
}

/**
 * Cuts the candidates to `maxChars` in all, in order: the one that crosses the cap is cut (and says
 * so), the ones after it are left out. Each cut or omission is a gap naming the setting.
 */
function withinCap(candidates: ReadonlyArray<Candidate>, maxChars: number, setting: string, gaps: string[]): Array<{ use: KnowledgeUse; wrapped: string }> {
  let left = maxChars;
  const kept: Array<{ use: KnowledgeUse; wrapped: string }> = [];
  for (const candidate of candidates) {
    if (left <= 0) {
      gaps.push(`${candidate.use.kind} ${candidate.use.name} was left out: ${setting} (${maxChars} characters) was reached`);
      continue;
    }
    const take = Math.min(candidate.text.length, left);
    const truncated = take < candidate.text.length;
    const text = truncated ? `${candidate.text.slice(0, take)}\n[... cut here: ${setting} reached ...]` : candidate.text;
    if (truncated) gaps.push(`${candidate.use.kind} ${candidate.use.name} was cut to ${take} of ${candidate.text.length} characters (${setting})`);
    left -= take;
    kept.push({ use: { ...candidate.use, chars: take, truncated }, wrapped: wrapUntrusted(candidate.label, text) });
  }
  return kept;
}

/**
 * The plan's runbooks (its `knowledge:` files, from KNOWLEDGE_DIR then the bundled knowledge/)
 * and the skills whose description matches the incident (SKILLS_DIR then the bundled skills/),
 * each size-capped, for the per-investigation part of the subagents' prompt: never the cached
 * prefix. A runbook that is missing now, or a skills folder that became invalid after startup,
 * is a gap, so the investigation still runs.
 */
async function loadInvestigationKnowledge(input: { plan: Pick<Plan, 'id' | 'knowledge'>; incident: Incident; env: NodeJS.ProcessEnv; gaps: string[] }): Promise<InvestigationKnowledge> {
  const settings = knowledgeSettings.load(input.env);
  const runbooks = (await readRunbooks(input.plan.knowledge, runbookFolders(settings), input.gaps)).map(
    (runbook): Candidate => ({ use: { kind: 'runbook', name: runbook.name, origin: runbook.origin, reason: `listed by plan ${input.plan.id}` }, label: `knowledge:${runbook.name}`, text: runbook.text.trim() }),
  );
  let skills: Candidate[] = [];
  if (settings.SKILLS_MAX > 0) {
    try {
      skills = matchSkills(await loadSkills(skillFolders(settings)), input.incident, { max: settings.SKILLS_MAX, minSharedWords: settings.SKILLS_MIN_SHARED_WORDS }).map(({ skill, sharedWords }) => ({
        use: { kind: 'skill', name: skill.name, origin: skill.origin, reason: `its description shares ${sharedWords.join(', ')} with the incident` },
        label: `skill:${skill.name}`,
        text: `Skill ${skill.name}: ${skill.description}\n\n${skill.body}`,
      }));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      input.gaps.push(`skills were not loaded: ${error.message}`);
    }
  }
  const kept = [...withinCap(runbooks, settings.KNOWLEDGE_MAX_CHARS, 'KNOWLEDGE_MAX_CHARS', input.gaps), ...withinCap(skills, settings.SKILLS_MAX_CHARS, 'SKILLS_MAX_CHARS', input.gaps)];
  return { text: kept.map((item) => item.wrapped).join('\n'), used: kept.map((item) => item.use) };
}

export { loadInvestigationKnowledge };
export type { InvestigationKnowledge };
