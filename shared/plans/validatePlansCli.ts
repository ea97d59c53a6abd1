import { resolve } from 'node:path';
import { validatePlanSource, bundledPlansDirectory } from './loadPlans';
import { DirectoryPlanSource } from './planSource';
import { runCli } from '../config/runCli';
import { knowledgeProblems } from '../knowledge/validateKnowledge';

/**
 * `npm run plans:validate [dir...]`: checks every plan file in each folder (default: the bundled
 * `plans/`) against the schema, and that the runbooks each names exist and the skills are valid, and prints which plan and which field is wrong. Exit code 1 when
 * any file is invalid, so CI fails before a bad plan ships.
 */
async function main(argv: ReadonlyArray<string>): Promise<number> {
  const directories = argv.length > 0 ? argv.map((dir) => resolve(dir)) : [bundledPlansDirectory()];
  let failures = 0;
  for (const directory of directories) {
    const { valid, problems } = await validatePlanSource(new DirectoryPlanSource(directory, directory));
    for (const plan of valid) process.stdout.write(`ok      ${plan.id} (${plan.hypotheses.length} hypotheses)\n`);
    for (const problem of problems) process.stderr.write(`invalid ${problem.message}\n`);
    // Runbooks are looked up as the app does: KNOWLEDGE_DIR, then the bundled knowledge/ folder.
    const knowledge = await knowledgeProblems(valid);
    for (const problem of knowledge) process.stderr.write(`invalid ${problem}\n`);
    failures += problems.length + knowledge.length;
    if (valid.length === 0 && problems.length === 0) process.stderr.write(`warning: no plan files in ${directory}\n`);
  }
  process.stdout.write(failures === 0 ? 'all plans valid\n' : `${failures} invalid plan file(s)\n`);
  return failures === 0 ? 0 : 1;
}

runCli(module, 'plans:validate', main);

export { main as validatePlansMain };
