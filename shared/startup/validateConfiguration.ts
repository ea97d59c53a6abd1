import { settingsCatalog } from '../config/catalog';
import { createDestinationRegistry, planDeliveryOf } from '../destinations';
import { ConfigError } from '../errors';
import type { HookConfig } from '../governance/hooks/hookConfig';
import { commandHookProblem } from '../governance/hooks/runCommandHook';
import { isModelConfigured } from '../llm/createModelClient';
import { llmSettings } from '../llm/llmSettings';
import { investigationSettings } from '../investigation/investigationSettings';
import { governanceConfig } from '../investigation/governance';
import { getPlans } from '../investigation/planRegistry';
import { knowledgeProblems, taskRunbookProblems } from '../knowledge/validateKnowledge';
import type { IngestSource } from '../incident';
import { getTasks } from '../scheduler/taskRegistry';
import { getServiceCatalog } from '../targets/serviceCatalogRegistry';
import { loadMcpConfig } from '../mcp/mcpRegistry';
import { createSourceAdapter } from '../sources';
import { azureMonitorSettings } from '../sources/azureMonitor/azureMonitorSettings';
import { eventGridSettings } from '../sources/eventGrid/eventGridSettings';
import { pagerDutyWebhookSettings } from '../sources/pagerDuty/pagerDutySettings';
import { serviceNowInboundSettings } from '../sources/serviceNow/serviceNowSettings';

/** Each inbound route and the settings group that configures it. */
const SOURCE_GROUPS: ReadonlyArray<[IngestSource, { touched(env: NodeJS.ProcessEnv): string[] }]> = [
  ['azure-monitor', azureMonitorSettings],
  ['event-grid', eventGridSettings],
  ['pagerduty', pagerDutyWebhookSettings],
  ['servicenow', serviceNowInboundSettings],
];

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** What would make a hook fail every time it runs: no model for a prompt hook, a command that cannot start. */
function hookProblems(hooks: HookConfig, env: NodeJS.ProcessEnv): string[] {
  const modelConfigured = isModelConfigured(llmSettings.load(env));
  return [...hooks.PreToolUse, ...hooks.PostToolUse, ...hooks.Stop].flatMap((hook) => {
    if (hook.type === 'prompt') return modelConfigured ? [] : [`hook ${hook.name} (${hooks.source}): a prompt hook needs ANTHROPIC_API_KEY, which is not set`];
    const problem = commandHookProblem(hook, hooks.baseDir, env);
    return problem ? [`${problem} (${hooks.source})`] : [];
  });
}

/**
 * Everything that can be wrong before the first alert arrives, built the way a request builds
 * it: every settings group the operator set something in (a group left at its defaults is an
 * integration that is simply off), every inbound route so configured, every configured destination with its secret references
 * resolved, every plan (bundled and overrides) with the destinations and runbooks it names, the skills, every scheduled
 * task (and the plan it names), the service catalog (file and blob override), the MCP servers file, the governance
 * rules, and the hooks (their commands, secrets and model). Returns one line per problem, naming
 * the file, field or setting; an empty list means an investigation can run.
 */
async function validateConfiguration(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const problems: string[] = [];
  for (const group of settingsCatalog) {
    if (group.touched(env).length === 0 && group.group !== 'core') continue;
    try {
      group.load(env);
    } catch (error) {
      problems.push(`settings ${group.group}: ${messageOf(error)}`);
    }
  }
  // An inbound route the operator configured is built as its first request builds it (e.g.
  // AZURE_MONITOR_AUTH=entra without an audience); one left at its defaults is simply off.
  for (const [source, group] of SOURCE_GROUPS) {
    if (group.touched(env).length === 0) continue;
    try {
      createSourceAdapter(source, env);
    } catch (error) {
      problems.push(`source ${source}: ${messageOf(error)}`);
    }
  }
  const checks: Array<[string, () => Promise<void>]> = [
    ['destinations', () => Promise.resolve(void createDestinationRegistry({ env }))],
    [
      'plans',
      async () => {
        const { plans } = await getPlans(investigationSettings.load(env), env);
        // `source` stands for the incident's own system, which any destination may be.
        for (const plan of plans) planDeliveryOf(plan.id, plan.destinations.filter((entry) => !entry.startsWith('source')));
        // A runbook a plan names must exist (docs/knowledge.md), and every SKILL.md must be valid.
        problems.push(...(await knowledgeProblems(plans, env)));
      },
    ],
    ['governance', async () => void problems.push(...hookProblems((await governanceConfig(env)).hooks, env))],
    ['tasks', async () => void problems.push(...(await taskRunbookProblems((await getTasks(env)).tasks, env)))],
    ['service catalog', async () => void (await getServiceCatalog(env))],
    ['mcp', async () => void (await loadMcpConfig(env))],
  ];
  for (const [what, check] of checks) {
    try {
      await check();
    } catch (error) {
      problems.push(`${what}: ${messageOf(error)}`);
    }
  }
  return problems;
}

/** Throws one ConfigError listing every problem, so the host refuses to start with all of them named. */
async function assertValidConfiguration(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const problems = await validateConfiguration(env);
  if (problems.length > 0) throw new ConfigError('startup', `the configuration is invalid:\n- ${problems.join('\n- ')}`);
}

export { validateConfiguration, assertValidConfiguration };
