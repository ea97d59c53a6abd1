import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../../shared/errors';
import { decideToolUse } from '../../../shared/governance/rules/decideToolUse';
import { parseRuleFile, ruleSetsFor } from '../../../shared/governance/rules/ruleFile';
import { loadPlans } from '../../../shared/plans/loadPlans';
import { matchPlan } from '../../../shared/plans/matchPlan';
import { parsePlanFileWithNotes } from '../../../shared/plans/parsePlanFile';
import { DirectoryPlanSource, StaticPlanSource } from '../../../shared/plans/planSource';
import type { Plan } from '../../../shared/plans/planSchema';

/** Azure SRE Agent files in the shapes Microsoft ships (see test/fixtures/sre-agent/README.md). */
const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'sre-agent');
const BUNDLED_PLANS = join(__dirname, '..', '..', '..', '..', 'plans');

function fixture(relativePath: string): string {
  return readFileSync(join(FIXTURES, relativePath), 'utf8');
}

/** Parses one fixture with every file of its folder as a sibling, as a plans source would. */
function parseFixture(relativePath: string, extra: Record<string, string> = {}) {
  const siblings = new Map<string, string>(Object.entries(extra));
  siblings.set(relativePath, fixture(relativePath));
  return parsePlanFileWithNotes(relativePath, fixture(relativePath), siblings);
}

function incident(overrides: Partial<{ source: string; title: string; severity: 'Sev0' | 'Sev1' | 'Sev2' | 'Sev3' | 'Sev4' }> = {}) {
  return { source: 'azure-monitor', title: 'Checkout API returns HTTP 500', severity: 'Sev1' as const, resources: [], ...overrides };
}

function notesOf(notes: ReadonlyArray<{ kind: string; where: string; detail: string }>): string[] {
  return notes.map((note) => `${note.kind} ${note.where}: ${note.detail}`);
}

function decide(plan: Plan, tool: string, mcp?: { connector: string; tool: string }) {
  const file = parseRuleFile('rules.yaml', 'rules: []');
  return decideToolUse({ tool: { name: tool, readOnly: true, ...(mcp ? { mcp } : {}) }, args: {}, rules: ruleSetsFor(file, plan.id, [], 'inv-1', plan.rules), mode: plan.mode }).decision;
}

describe('Azure SRE Agent workflow templates and agent files as response plans', () => {
  it('reads an incident-platform workflow template: trigger filters become the match, the custom agent the subagent, tool lists allow / ask / deny rules', async () => {
    // Act
    const { plan, notes } = parseFixture('workflow-templates/alert-investigation.yaml');
    const bundled = await loadPlans(new DirectoryPlanSource(BUNDLED_PLANS));
    const plans = [...bundled.plans, plan];

    // Assess
    expect(plan).toMatchObject({ id: 'checkout-alert-investigation', trigger: 'incident', mode: 'review', groupWindow: 'PT3H', match: { source: 'azure-monitor', severity: ['Sev1', 'Sev2'], titleContains: 'checkout' } });
    expect(plan.hypotheses).toHaveLength(1);
    expect(plan.hypotheses[0]!.guidance).toContain('Investigate the checkout alert from Azure Monitor');
    // ExecuteKustoQuery stands for both query tools; the telemetry prerequisite adds the other read-only query tools.
    expect(plan.allowedTools).toEqual(expect.arrayContaining(['log_analytics_query', 'app_insights_query', 'metrics_query', 'resource_graph_query', 'mcp__github__*']));
    expect(decide(plan, 'log_analytics_query')).toBe('allow');
    expect(decide(plan, 'app_insights_query')).toBe('deny'); // QueryAppInsightsByResourceId is on the deny list, and deny wins
    expect(decide(plan, 'mcp__github__list_issues', { connector: 'github', tool: 'list_issues' })).toBe('allow');
    expect(matchPlan(plans, incident())?.plan.id).toBe('checkout-alert-investigation');
    expect(matchPlan(plans, incident({ severity: 'Sev3' }))?.plan.id).not.toBe('checkout-alert-investigation');
    expect(matchPlan(plans, incident({ source: 'pagerduty' }))?.plan.id).not.toBe('checkout-alert-investigation');
    expect(notesOf(notes)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^mapped .*alert-investigation\.yaml:\d+: trigger\.filters\.merge_window: → groupWindow PT3H/),
        expect.stringMatching(/^unsupported .*custom_agent\.tools\.read_only\.1: RunAzCliReadCommands has no counterpart here \(there is no Azure CLI tool here/),
        expect.stringMatching(/^unsupported .*custom_agent\.tools\.ask_approval\.0: CreateGithubIssue has no counterpart here/),
        expect.stringMatching(/^ignored .*custom_agent\.tools\.deny\.0: RunAzCliWriteCommands is denied there and does not exist here/),
        expect.stringMatching(/^mapped .*custom_agent\.tools\.deny\.1: QueryAppInsightsByResourceId → deny app_insights_query/),
        expect.stringMatching(/^ignored .*custom_agent\.skills: skills are chosen by description/),
        expect.stringMatching(/^mapped .*prerequisites\.required\.1: telemetry connectors → the built-in query tools/),
      ]),
    );
  });

  it('reads scheduled-task and http-trigger templates as plans that take no incident by themselves', async () => {
    // Act
    const scheduled = parseFixture('workflow-templates/daily-health-report.yaml');
    const http = parseFixture('workflow-templates/pr-validation.yaml');
    const bundled = await loadPlans(new DirectoryPlanSource(BUNDLED_PLANS));

    // Assess
    expect(scheduled.plan).toMatchObject({ id: 'daily-health-report', trigger: 'manual', match: {} });
    expect(scheduled.plan.hypotheses[0]!.guidance).toMatch(/^Run the daily checkout health check\.\n\nSummarise availability/);
    expect(http.plan).toMatchObject({ id: 'checkout-pr-validation', trigger: 'manual', allowedTools: ['app_insights_query'] });
    // A manual plan with an empty match must not become a catch-all.
    const chosen = matchPlan([...bundled.plans, scheduled.plan, http.plan], incident({ title: 'Something nobody planned for' }));
    expect(chosen?.plan.id).toBe('default');
    expect(notesOf(scheduled.notes)).toEqual(expect.arrayContaining([expect.stringMatching(/^unsupported .*trigger\.schedule: schedule '0 9 \* \* 1-5': write a task file .*plan: daily-health-report/)]));
    expect(notesOf(http.notes)).toEqual(expect.arrayContaining([expect.stringMatching(/http-trigger → start it with POST \/api\/investigations and planId checkout-pr-validation/)]));
  });

  it('reads an ExtendedAgent file: its MCP tools become allowed tools and rules, Azure-only fields are reported with why, not fatal', () => {
    // Act
    const { plan, notes } = parseFixture('agents/deployment-validator.yaml');

    // Assess
    expect(plan).toMatchObject({ id: 'deployment-validator', trigger: 'manual', allowedTools: ['mcp__github-mcp__*'] });
    expect(plan.hypotheses[0]!.guidance).toMatch(/^You validate a deployment of the checkout API/);
    expect(decide(plan, 'mcp__github-mcp__get_commit', { connector: 'github-mcp', tool: 'get_commit' })).toBe('allow');
    const text = notesOf(notes);
    for (const field of ['allowParallelToolCalls', 'maxReflectionCount', 'criticPromptPath', 'criticOnHandoff', 'customReflectionNote', 'commonPrompts', 'enableVanillaMode', 'enableSkills', 'addSystemSkills']) {
      expect(text).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^ignored .*spec\\.${field}: \\S`))]));
    }
  });

  it('reads a recipe subagent: instructions from its .instructions.md file, the run mode, and a handoff that becomes a second hypothesis', async () => {
    // Act
    const { plan, notes } = parseFixture('agents/sql-investigator.yaml', {
      'agents/subagents/sql-investigator.instructions.md': fixture('agents/subagents/sql-investigator.instructions.md'),
      'agents/deployment-validator.yaml': fixture('agents/deployment-validator.yaml'),
    });
    const loaded = await loadPlans(new DirectoryPlanSource(BUNDLED_PLANS), [new StaticPlanSource([
      { name: 'agents/sql-investigator.yaml', text: fixture('agents/sql-investigator.yaml') },
      { name: 'agents/subagents/sql-investigator.instructions.md', text: fixture('agents/subagents/sql-investigator.instructions.md') },
      { name: 'agents/deployment-validator.yaml', text: fixture('agents/deployment-validator.yaml') },
    ])]);

    // Assess
    expect(plan).toMatchObject({ id: 'sql-investigator', mode: 'autonomous', title: "Finds what holds the Azure SQL database's sessions and workers." });
    expect(plan.hypotheses.map((h) => h.id)).toEqual(['sql-investigator', 'deployment-validator']);
    expect(plan.hypotheses[0]!.guidance).toMatch(/^Look at the sessions and workers of the database/);
    expect(plan.allowedTools).toEqual(['log_analytics_query', 'app_insights_query', 'mcp__github-mcp__*']);
    expect(notesOf(notes)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^mapped .*spec\.instructions: instructions read from subagents\/sql-investigator\.instructions\.md/),
        expect.stringMatching(/^mapped .*spec\.agentType: run mode Autonomous → plan mode autonomous/),
        expect.stringMatching(/^mapped .*spec\.handoffs\.0: handoff to deployment-validator → hypothesis 'deployment-validator'/),
        expect.stringMatching(/^ignored .*spec\.temperature: /),
      ]),
    );
    // The instructions file is read through its agent, never parsed as a plan of its own.
    expect(loaded.plans.map((p) => p.id)).toEqual(expect.arrayContaining(['sql-investigator', 'deployment-validator']));
    expect(Object.values(loaded.origins)).not.toContain('agents/subagents/sql-investigator.instructions.md');
  });

  it('reads an AgentConfiguration v1 file in snake_case and says which of its tools have no counterpart', () => {
    const { plan, notes } = parseFixture('agents/incident-handler-v1.yaml');
    expect(plan).toMatchObject({ id: 'incident-handler', mode: 'review', allowedTools: ['log_analytics_query', 'app_insights_query'] });
    expect(notesOf(notes)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^unsupported .*spec\.tools\.0: SearchMemory has no counterpart here/),
        expect.stringMatching(/^unsupported .*spec\.tools\.2: RunAzCliWriteCommands has no counterpart here \(this responder makes no changes to Azure resources\)/),
        expect.stringMatching(/^unsupported .*spec\.tools\.5: ExecutePythonCode has no counterpart here/),
      ]),
    );
  });

  it('refuses what it cannot read safely, naming file, line and field: an unknown filter (it would widen the match), a missing instructions file, an unknown platform', () => {
    const template = fixture('workflow-templates/alert-investigation.yaml');
    const cases: Array<[string, RegExp]> = [
      [template.replace('    title_contains: checkout', '    title_contains: checkout\n    owning_team: payments'), /^t\.yaml:\d+: trigger\.filters\.owning_team: unknown field/],
      [template.replace('platform: azure-monitor', 'platform: opsgenie'), /^t\.yaml:\d+: trigger\.platform: 'opsgenie' is not an incident platform here/],
      [template.replace('  action_mode: Review', '  action_mode: Sometimes'), /^t\.yaml:\d+: custom_agent\.action_mode: 'Sometimes' is not a run mode/],
    ];
    for (const [text, expected] of cases) {
      let error: unknown;
      try {
        parsePlanFileWithNotes('t.yaml', text, new Map());
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toMatch(expected);
    }
    expect(() => parsePlanFileWithNotes('agents/sql-investigator.yaml', fixture('agents/sql-investigator.yaml'), new Map())).toThrow(
      /instructions file 'subagents\/sql-investigator\.instructions\.md' is not beside this file/,
    );
  });
});
