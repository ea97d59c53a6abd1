import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runHooks } from '../../../../shared/governance';
import { hookMatches, parseHookFile } from '../../../../shared/governance/hooks/hookConfig';
import { hooksWith, preInput, writeHook } from './hookTestKit';

const NODE_READ = 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const e=JSON.parse(s);';

describe('runHooks with command hooks', () => {
  it('allows when a bash hook prints nothing and exits 0', async () => {
    const dir = writeHook('allow.sh', '#!/bin/bash\ncat >/dev/null\nexit 0\n');
    const verdict = await runHooks('PreToolUse', preInput, hooksWith(dir, 'PreToolUse', [{ type: 'command', command: './allow.sh' }]));
    expect(verdict).toMatchObject({ type: 'allow', rewritten: false });
    expect(verdict.outcomes[0]).toMatchObject({ decision: 'allow' });
  });

  it('blocks with the reason a bash hook prints as JSON', async () => {
    const dir = writeHook('block.sh', '#!/bin/bash\ninput=$(cat)\ncase "$input" in *delete*) echo \'{"decision":"block","reason":"no deletions"}\';; esac\n');
    const verdict = await runHooks('PreToolUse', preInput, hooksWith(dir, 'PreToolUse', [{ type: 'command', command: './block.sh' }]));
    expect(verdict).toMatchObject({ type: 'block', reason: 'no deletions', blockedBy: 'PreToolUse#1' });
  });

  it('blocks with stderr as the reason when a hook exits 2', async () => {
    const dir = writeHook('exit2.sh', '#!/bin/bash\ncat >/dev/null\necho "use az group show instead" >&2\nexit 2\n');
    const verdict = await runHooks('PreToolUse', preInput, hooksWith(dir, 'PreToolUse', [{ type: 'command', command: './exit2.sh' }]));
    expect(verdict).toMatchObject({ type: 'block', reason: 'use az group show instead' });
  });

  it('rewrites arguments with a Node hook, and the next hook sees the rewrite', async () => {
    // Prepare: the first hook narrows the command, the second records what it received.
    const dir = writeHook(
      'rewrite.mjs',
      `#!/usr/bin/env node\n${NODE_READ}process.stdout.write(JSON.stringify({hookSpecificOutput:{permissionDecision:"allow",updatedInput:{command:e.tool_input.command.replace("delete","show")}}}))})\n`,
    );
    const seen = join(dir, 'seen.json');
    const record = `#!/usr/bin/env node\n${NODE_READ}require("fs").writeFileSync(${JSON.stringify(seen)},JSON.stringify(e))})\n`;
    writeFileSync(join(dir, 'record.cjs'), record, { mode: 0o755 });

    // Act
    const verdict = await runHooks('PreToolUse', preInput, hooksWith(dir, 'PreToolUse', [{ type: 'command', command: './rewrite.mjs' }, { type: 'command', command: './record.cjs' }]));

    // Assess
    expect(verdict).toMatchObject({ type: 'allow', rewritten: true, toolInput: { command: 'az group show -n rg1' } });
    const received = JSON.parse(readFileSync(seen, 'utf8'));
    expect(received).toMatchObject({ hook_event_name: 'PreToolUse', tool_name: 'azure_cli', tool_use_id: 'toolu_1', tool_input: { command: 'az group show -n rg1' }, current_turn: 2, max_turns: 8 });
  });

  it('kills a hook that hangs at its timeout and applies fail mode closed', async () => {
    const dir = writeHook('hang.sh', '#!/bin/bash\nsleep 30\n');
    const started = Date.now();
    const verdict = await runHooks('PreToolUse', preInput, hooksWith(dir, 'PreToolUse', [{ type: 'command', command: './hang.sh', timeout: 1, failMode: 'block' }]));
    expect(Date.now() - started).toBeLessThan(10000);
    expect(verdict.type).toBe('block');
    expect(verdict.outcomes[0]?.failure).toContain('did not answer within 1 s');
  });

  it('kills a hook that hangs at its timeout and applies fail mode open', async () => {
    const dir = writeHook('hang.mjs', '#!/usr/bin/env node\nsetTimeout(() => {}, 30000);\n');
    const verdict = await runHooks('PreToolUse', preInput, hooksWith(dir, 'PreToolUse', [{ type: 'command', command: './hang.mjs', timeout: 1, failMode: 'allow' }]));
    expect(verdict.type).toBe('allow');
    expect(verdict.outcomes[0]).toMatchObject({ decision: 'allow', failure: expect.stringContaining('did not answer') });
  });

  it('treats output that is not JSON as a failure and applies the fail mode', async () => {
    const dir = writeHook('chatty.sh', '#!/bin/bash\ncat >/dev/null\necho "looks fine to me"\n');
    const closed = await runHooks('PreToolUse', preInput, hooksWith(dir, 'PreToolUse', [{ type: 'command', command: './chatty.sh', failMode: 'block' }]));
    const open = await runHooks('PreToolUse', preInput, hooksWith(dir, 'PreToolUse', [{ type: 'command', command: './chatty.sh', failMode: 'allow' }]));
    expect(closed).toMatchObject({ type: 'block', reason: expect.stringContaining('not JSON') });
    expect(open.type).toBe('allow');
  });

  it('runs only hooks whose anchored matcher fits the tool name', async () => {
    const dir = writeHook('exit2.sh', '#!/bin/bash\ncat >/dev/null\necho blocked >&2\nexit 2\n');
    const hooks = hooksWith(dir, 'PreToolUse', [{ type: 'command', command: './exit2.sh', matcher: 'azure' }, { type: 'command', command: './exit2.sh', matcher: '' }]);
    const verdict = await runHooks('PreToolUse', preInput, hooks);
    expect(verdict).toMatchObject({ type: 'allow', outcomes: [] });
  });

  it('rewrites a tool result in PostToolUse and collects additional context', async () => {
    const dir = writeHook(
      'post.mjs',
      `#!/usr/bin/env node\n${NODE_READ}process.stdout.write(JSON.stringify({decision:"allow",hookSpecificOutput:{additionalContext:"note "+e.tool_succeeded,updatedMCPToolOutput:{rows:e.tool_response.rows.length}}}))})\n`,
    );
    const verdict = await runHooks('PostToolUse', { ...preInput, toolResult: { rows: [1, 2, 3] }, toolSucceeded: true }, hooksWith(dir, 'PostToolUse', [{ type: 'command', command: './post.mjs' }]));
    expect(verdict).toMatchObject({ type: 'allow', rewritten: true, toolResult: { rows: 3 }, additionalContext: ['note true'] });
  });

  it('keeps rejecting a report in Stop past any rejection count: command Stop hooks have no rejection limit', async () => {
    const dir = writeHook('stop.sh', '#!/bin/bash\ncat >/dev/null\necho \'{"ok": false, "reason": "add a root cause"}\'\n');
    const hooks = hooksWith(dir, 'Stop', [{ type: 'command', command: './stop.sh' }]);
    const stop = { investigationId: 'inv-1', agentName: 'synthesis', currentTurn: 1, maxTurns: 3, mode: 'review' as const, finalOutput: '# Report' };
    expect(await runHooks('Stop', { ...stop, stopRejectionCount: 1 }, hooks)).toMatchObject({ type: 'block', reason: 'add a root cause' });
    expect(await runHooks('Stop', { ...stop, stopRejectionCount: 10 }, hooks)).toMatchObject({ type: 'block', reason: 'add a root cause' });
  });

  it('runs the shipped example hook on a registered tool, under our name and an Azure SRE Agent alias', async () => {
    // Prepare
    const configDir = join(__dirname, '..', '..', '..', '..', '..', 'config');
    const hooks = parseHookFile('hooks.yaml', readFileSync(join(configDir, 'hooks.yaml'), 'utf8'), configDir);
    const query = (toolName: string, q: string) => ({ ...preInput, toolName, toolInput: { query: q } });

    // Act
    const blocked = await runHooks('PreToolUse', query('log_analytics_query', 'search * | take 10'), hooks);
    const allowed = await runHooks('PreToolUse', query('app_insights_query', 'requests | where success == false | take 10'), hooks);

    // Assess
    expect(blocked).toMatchObject({ type: 'block', blockedBy: 'limit-kql-scan', reason: expect.stringContaining('scans every table') });
    expect(allowed.type).toBe('allow');
    expect(hooks.PreToolUse[0]!.matcher).toBe('log_analytics_query|app_insights_query');
    expect(hookMatches({ type: 'command', command: 'x', matcher: 'ExecuteKustoQuery', timeout: 1, env: {} }, 'PreToolUse', 'log_analytics_query')).toBe(true);
  });
});
