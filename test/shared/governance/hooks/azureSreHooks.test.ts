import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { runHooks, type HookConfig } from '../../../../shared/governance';
import { hookMatches, parseHookFile } from '../../../../shared/governance/hooks/hookConfig';
import { readHookPath } from '../../../../shared/governance/hooks/readHookPath';
import { governanceSettings } from '../../../../shared/governance/governanceSettings';
import { importRecipes } from '../../../../shared/governance/importRecipesCli';
import { loadGovernanceConfig } from '../../../../shared/governance/loadGovernanceConfig';
import { reply, startScriptedModelServer, type ScriptedModelServer } from '../../../helpers/scriptedModelServer';
import { preInput } from './hookTestKit';

/** Azure SRE Agent hook files written for these tests (see test/fixtures/sre-agent/README.md). */
const FIXTURES = join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'sre-agent');

function load(relativePath: string): HookConfig {
  const path = join(FIXTURES, relativePath);
  return parseHookFile(relativePath, readFileSync(path, 'utf8'), dirname(path));
}

function loadText(text: string): HookConfig {
  return parseHookFile('inline.yaml', text, tmpdir());
}

const run = { investigationId: 'inv-7', agentName: 'synthesis', currentTurn: 1, maxTurns: 4, mode: 'review' as const };
const post = (toolName: string, query: string) => ({ ...preInput, toolName, toolInput: { query }, toolResult: { rows: [] }, toolSucceeded: true });

describe('Azure SRE Agent hook files', () => {
  it('loads a camelCase HookV2 file: Block fail mode, an inline shell pipeline, exit 2 blocks with stderr as the reason, the Azure tool name matches ours', async () => {
    // Prepare
    const hooks = load('hookv2/kql-guard.yaml');

    // Act
    const blocked = await runHooks('PostToolUse', post('log_analytics_query', 'search * | take 5'), hooks);
    const allowed = await runHooks('PostToolUse', post('log_analytics_query', 'AppRequests | take 5'), hooks);
    const other = await runHooks('PostToolUse', post('metrics_query', 'search * | take 5'), hooks);

    // Assess
    expect(hooks.PostToolUse).toMatchObject([{ name: 'kql-guard', type: 'command', failMode: 'block', timeout: 10 }]);
    expect(blocked).toMatchObject({ type: 'block', blockedBy: 'kql-guard', reason: 'scans every table; name the tables' });
    expect(allowed.type).toBe('allow');
    expect(other).toMatchObject({ type: 'allow', outcomes: [] });
    expect(hooks.notes).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'mapped', detail: "'Block' read as 'block'" })]));
  });

  it('runs a command hook in a shell, so a pipeline works', async () => {
    const hooks = loadText('hooks:\n  PreToolUse:\n    - type: command\n      matcher: "*"\n      command: "cat | grep -c tool_name | grep -q 1 && echo piped >&2 && exit 2"\n');
    const verdict = await runHooks('PreToolUse', preInput, hooks);
    expect(verdict).toMatchObject({ type: 'block', reason: 'piped' });
  });

  it('loads a snake_case HookV2 prompt hook: ReasoningFast runs on the hook model, an off-format answer blocks, the limit is its max_rejections', async () => {
    // Prepare
    const server: ScriptedModelServer = await startScriptedModelServer();
    try {
      const client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: server.baseURL, maxRetries: 0 });
      const hooks = load('hookv2/evidence-gate.yaml');
      server.enqueue(undefined, reply.text('The report looks fine to me.'));

      // Act
      const offFormat = await runHooks('Stop', { ...run, finalOutput: '# Report', stopRejectionCount: 0 }, hooks, { model: { client, defaultModel: 'claude-haiku-5-5' } });
      const pastLimit = await runHooks('Stop', { ...run, finalOutput: '# Report', stopRejectionCount: 2 }, hooks, { model: { client, defaultModel: 'claude-haiku-5-5' } });

      // Assess
      expect(hooks.Stop).toMatchObject([{ name: 'evidence-gate', type: 'prompt', failMode: 'block', maxRejections: 2 }]);
      expect(hooks.Stop[0]).not.toHaveProperty('model');
      expect(offFormat).toMatchObject({ type: 'block', reason: expect.stringContaining('off-format') });
      expect(server.messageRequests()[0]!.body!.model).toBe('claude-haiku-5-5');
      expect(pastLimit).toMatchObject({ type: 'allow', forcedByMaxRejections: true });
      expect(server.messageRequests()).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('loads an ExtendedAgent file: a command Stop hook keeps blocking past maxRejections, a timeout applies failMode block, subagent fields are left to the plans reader', async () => {
    // Prepare
    const hooks = load('extended-agent/responder.yaml');

    // Act
    const rejected = await runHooks('Stop', { ...run, finalOutput: '# Report\nno cause', stopRejectionCount: 5 }, hooks);
    const accepted = await runHooks('Stop', { ...run, finalOutput: '# Report\n## Root cause\nx', stopRejectionCount: 5 }, hooks);
    const timedOut = await runHooks('PostToolUse', post('app_insights_query', 'requests'), hooks);

    // Assess
    expect(rejected).toMatchObject({ type: 'block', reason: "Add a 'Root cause' section." });
    expect(accepted.type).toBe('allow');
    expect(timedOut).toMatchObject({ type: 'block', reason: expect.stringContaining('did not answer within 1 s') });
    const notes = hooks.notes!.map((note) => `${note.kind} ${note.where}: ${note.detail}`);
    expect(notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ignored .*spec\.hooks\.Stop\.0\.maxRejections: maxRejections applies to prompt Stop hooks only/),
        expect.stringMatching(/^ignored .*spec\.instructions: subagent setting: read when this file is in a plans folder/),
        expect.stringMatching(/^ignored .*spec\.tools: subagent setting: read when this file is in a plans folder/),
        expect.stringMatching(/^unsupported .*matcher: matcher 'Bash\|ExecuteShellCommand' matches no built-in tool .*Bash: this responder runs no shell/),
      ]),
    );
  });

  it('accepts a judge answering {"ok": true, "reason": null}, the form Azure SRE Agent prompts ask for', async () => {
    const server: ScriptedModelServer = await startScriptedModelServer();
    try {
      const client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: server.baseURL, maxRetries: 0 });
      server.enqueue(undefined, reply.text('{"ok": true, "reason": null}'));
      const verdict = await runHooks('Stop', { ...run, finalOutput: '# Report', stopRejectionCount: 0 }, load('hookv2/evidence-gate.yaml'), { model: { client, defaultModel: 'claude-haiku-5-5' } });
      expect(verdict).toMatchObject({ type: 'allow', outcomes: [{ hook: 'evidence-gate', decision: 'allow' }] });
    } finally {
      await server.close();
    }
  });

  it('runs a HookV2 inline script (shebang) whose JSON decision blocks destructive SQL, and lets a read through', async () => {
    // Prepare
    const hooks = load('hookv2/sql-write-guard.yaml');

    // Act
    const blocked = await runHooks('PostToolUse', post('log_analytics_query', 'DELETE FROM Orders WHERE 1=1'), hooks);
    const allowed = await runHooks('PostToolUse', post('log_analytics_query', 'AppRequests | take 5'), hooks);

    // Assess
    expect(hooks.PostToolUse).toMatchObject([{ name: 'sql-write-guard', type: 'command', failMode: 'allow', timeout: 30 }]);
    expect(blocked).toMatchObject({ type: 'block', blockedBy: 'sql-write-guard', reason: 'Blocked destructive operation: DELETE FROM' });
    expect(allowed.type).toBe('allow');
  });

  it('loads a HookV2 file without api_version and kind, enabled at the top level: its prompt Stop hook rejects until its maxRejections', async () => {
    const server: ScriptedModelServer = await startScriptedModelServer();
    try {
      // Prepare
      const client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: server.baseURL, maxRetries: 0 });
      const hooks = load('hookv2/evidence-checklist.yaml');
      server.enqueue(undefined, reply.text('{"ok": false, "reason": "No UTC window."}'));

      // Act
      const first = await runHooks('Stop', { ...run, finalOutput: '# Report', stopRejectionCount: 0 }, hooks, { model: { client, defaultModel: 'claude-haiku-5-5' } });
      const pastLimit = await runHooks('Stop', { ...run, finalOutput: '# Report', stopRejectionCount: 2 }, hooks, { model: { client, defaultModel: 'claude-haiku-5-5' } });

      // Assess
      expect(hooks.Stop).toMatchObject([{ name: 'evidence-checklist', type: 'prompt', maxRejections: 2, timeout: 30 }]);
      expect(first).toMatchObject({ type: 'block', reason: 'No UTC window.' });
      expect(pastLimit).toMatchObject({ type: 'allow', forcedByMaxRejections: true });
    } finally {
      await server.close();
    }
  });

  it('does not load an On Demand hook, and says why', () => {
    const hooks = load('hookv2/on-demand-audit.yaml');
    expect(hooks.PostToolUse).toHaveLength(0);
    expect(hooks.notes).toEqual([expect.objectContaining({ kind: 'unsupported', detail: expect.stringContaining("activationMode 'onDemand'") })]);
  });

  it('matches a connector wildcard and mcp_ names against our mcp__<server>__<tool> tools', async () => {
    const hooks = load('plain/hooks.yaml');
    const verdict = await runHooks('PreToolUse', { ...preInput, toolName: 'mcp__datadog__query_metrics' }, hooks);
    expect(verdict).toMatchObject({ type: 'allow', additionalContext: ['audited'] });
    expect(hooks.PreToolUse[0]!.matcher).toBe('datadog/.*');
    const mcpHook = loadText('hooks:\n  PostToolUse:\n    - type: command\n      matcher: "mcp_.*"\n      command: "true"\n').PostToolUse[0]!;
    expect(hookMatches(mcpHook, 'PostToolUse', 'mcp__datadog__query_metrics')).toBe(true);
    expect(hookMatches(mcpHook, 'PostToolUse', 'log_analytics_query')).toBe(false);
  });

  it('rejects truly unknown keys and unknown model names, naming file, line and field', () => {
    expect(() => loadText('kind: HookV2\nmetadata:\n  name: x\nspec:\n  eventType: Stop\n  hook:\n    type: prompt\n    prompt: judge\n    retries: 2\n')).toThrow(/inline\.yaml:9: spec\.hook\.retries: unknown field/);
    expect(() => loadText('kind: HookV2\nspec:\n  eventType: Stop\n  colour: red\n  hook:\n    type: prompt\n    prompt: judge\n')).toThrow(/inline\.yaml:4: spec\.colour: unknown field/);
    expect(() => loadText('kind: HookV2\nspec:\n  eventType: Stop\n  hook:\n    type: prompt\n    model: ReasoningDeep\n    prompt: judge\n')).toThrow(
      /inline\.yaml:6: spec\.hook\.model: model 'ReasoningDeep' is neither a Claude model id nor a known Azure SRE Agent model name \(ReasoningFast\)/,
    );
    expect(() => loadText('kind: ScheduledTask\nspec: {}\n')).toThrow(/kind: 'ScheduledTask' is not a hook file/);
    expect(() => loadText('hooks:\n  PostToolUse:\n    - type: command\n      command: "true"\n')).toThrow(/inline\.yaml:3: hooks\.PostToolUse\.0: matcher is required for PostToolUse hooks/);
  });

  it('reads a folder of hook files as one configuration', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hook-folder-'));
    writeFileSync(join(dir, 'a.yaml'), readFileSync(join(FIXTURES, 'hookv2/kql-guard.yaml')));
    writeFileSync(join(dir, 'b.yml'), readFileSync(join(FIXTURES, 'hookv2/evidence-gate.yaml')));
    writeFileSync(join(dir, 'notes.txt'), 'not yaml');
    const hooks = await readHookPath(dir, 'hooks-folder');
    expect(hooks.PostToolUse.map((hook) => hook.name)).toEqual(['kql-guard']);
    expect(hooks.Stop.map((hook) => hook.name)).toEqual(['evidence-gate']);
    expect(hooks.baseDir).toBe(dir);
  });

  it('validates a folder of Azure SRE Agent hook files at startup and returns what is not expressible as warnings', async () => {
    const appRoot = join(FIXTURES, '..', '..', '..');
    const loaded = await loadGovernanceConfig(governanceSettings.load({ GOVERNANCE_HOOKS_FILE: join(FIXTURES, 'hookv2') }), appRoot);
    expect(loaded.hooks.PostToolUse.map((hook) => hook.name)).toEqual(['kql-guard', 'sql-write-guard']);
    expect(loaded.hooks.Stop.map((hook) => hook.name)).toEqual(['evidence-checklist', 'evidence-gate']);
    expect(loaded.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/on-demand-audit\.yaml:7: spec\.activationMode: activationMode 'onDemand'/)]));
    expect(loaded.warnings.join('\n')).not.toContain('read as');
  });

  it('recipes:import reports per file what is mapped, ignored and cannot be expressed, and skips non-hook files', async () => {
    const { report, failures } = await importRecipes(FIXTURES);
    expect(failures).toBe(0);
    expect(report).toContain('hookv2/kql-guard.yaml: 1 hook(s)');
    expect(report).toContain("mapped       PostToolUse command hook 'kql-guard' matcher 'ExecuteKustoQuery|QueryLogAnalyticsByWorkspaceId', failMode block");
    expect(report).toMatch(/extended-agent\/responder\.yaml: agent → response plan\n  mapped       plan 'responder' \(started by id only, mode review\)[\s\S]*extended-agent\/responder\.yaml: 3 hook\(s\)/);
    expect(report).toMatch(/workflow-templates\/alert-investigation\.yaml: workflow-template → response plan\n  mapped       plan 'checkout-alert-investigation' \(match \{"source":"azure-monitor","severity":\["Sev1","Sev2"\],"titleContains":"checkout"\}, mode review\)/);
    expect(report).toMatch(/agents\/sql-investigator\.yaml: agent → response plan\n  mapped       plan 'sql-investigator' \(started by id only, mode autonomous\), 2 hypothesis\(es\): sql-investigator, deployment-validator/);
    expect(report).toContain('every hook, template and agent file loads');
    expect(report).toMatch(/ignored .*hookv2\/evidence-gate\.yaml:\d+: spec\.hook\.max_rejections|mapped .*ReasoningFast runs on the model of ANTHROPIC_HOOK_MODEL/);
    expect(report).toContain('other/weekly-report.yaml: skipped (scheduled task: see docs/tasks.md)');
  });
});
