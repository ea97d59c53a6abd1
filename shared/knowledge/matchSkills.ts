import type { Incident } from '../incident';
import type { Skill } from './skillSchema';

/** Words too common in alerts and skill descriptions to say that one is about the other. */
const STOP_WORDS = new Set(
  (
    'the and for with that this from when what which use used using into over under than then them they their there these those ' +
    'are was were been being has have had not but any all can may might must should would will its our your you per via also ' +
    'alert alerts fired firing incident incidents azure microsoft resource resources resourcegroups subscriptions providers ' +
    'skill skills investigate investigating investigation check checks service services issue issues problem problems sev0 sev1 sev2 sev3 sev4 ' +
    'failed failing failure error request value greaterthan lessthan count'
  ).split(' '),
);

/** Lower-cased words of three letters or more, a plural `s` dropped, without {@link STOP_WORDS}. */
function wordsOf(text: string): Set<string> {
  const words = new Set<string>();
  for (const raw of text.toLowerCase().split(/[^a-z0-9]+/)) {
    const word = raw.length > 4 && raw.endsWith('s') && !raw.endsWith('ss') ? raw.slice(0, -1) : raw;
    if (word.length >= 3 && !STOP_WORDS.has(word) && !/^\d+$/.test(word)) words.add(word);
  }
  return words;
}

/** What the incident says about itself: title, description, alert rule, service, signal and resources. */
function incidentWords(incident: Pick<Incident, 'title' | 'description' | 'rule' | 'service' | 'signal' | 'resources'>): Set<string> {
  return wordsOf(
    [incident.title, incident.description, incident.rule?.name ?? '', incident.service ?? '', incident.signal.type, ...incident.resources.flatMap((r) => [r.type, r.name])].join(' '),
  );
}

/** A skill chosen for an incident and the words that chose it. */
interface SkillMatch {
  skill: Skill;
  sharedWords: string[];
}

/**
 * The skills whose description shares at least `minSharedWords` distinct words with the
 * incident, most shared words first (name order on ties), at most `max` of them.
 */
function matchSkills(skills: ReadonlyArray<Skill>, incident: Parameters<typeof incidentWords>[0], options: { max: number; minSharedWords: number }): SkillMatch[] {
  const words = incidentWords(incident);
  return skills
    .map((skill) => ({ skill, sharedWords: [...wordsOf(skill.description)].filter((word) => words.has(word)).sort() }))
    .filter((match) => match.sharedWords.length >= options.minSharedWords)
    .sort((a, b) => b.sharedWords.length - a.sharedWords.length || a.skill.name.localeCompare(b.skill.name))
    .slice(0, options.max);
}

export { matchSkills, wordsOf, incidentWords };
export type { SkillMatch };
