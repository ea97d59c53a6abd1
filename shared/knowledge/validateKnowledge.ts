import { ConfigError } from '../errors';
import { runbookFolders, skillFolders } from './knowledgeFolders';
import { knowledgeSettings } from './knowledgeSettings';
import { loadSkills } from './loadSkills';
import { missingRunbooks } from './runbooks';

/**
 * What is wrong with the knowledge the plans rely on, one line per problem: a runbook a plan
 * names that no knowledge folder holds, and an invalid SKILL.md (or an unreadable SKILLS_DIR).
 * Startup and `plans:validate` refuse to go on with any.
 */
async function knowledgeProblems(plans: ReadonlyArray<{ id: string; knowledge: ReadonlyArray<string> }>, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const settings = knowledgeSettings.load(env);
  const problems = await missingRunbooks(plans.map((plan) => ({ label: `plan ${plan.id}`, knowledge: plan.knowledge })), runbookFolders(settings));
  try {
    await loadSkills(skillFolders(settings));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(`skills: ${error.message}`);
  }
  return problems;
}

/** Runbooks scheduled tasks list themselves (`knowledge:` of a task without `plan:`) that no knowledge folder holds. */
async function taskRunbookProblems(tasks: ReadonlyArray<{ id: string; knowledge?: ReadonlyArray<string> | undefined }>, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const owners = tasks.flatMap((task) => (task.knowledge ? [{ label: `task ${task.id}`, knowledge: task.knowledge }] : []));
  return missingRunbooks(owners, runbookFolders(knowledgeSettings.load(env)));
}

export { knowledgeProblems, taskRunbookProblems };
