import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HookConfig, HookDefinition, PreToolUseInput } from '../../../../shared/governance';

/** Writes an executable hook into a fresh temp folder and returns the folder. */
function writeHook(name: string, body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hook-test-'));
  writeFileSync(join(dir, name), body);
  chmodSync(join(dir, name), 0o755);
  return dir;
}

function hooksWith(dir: string, event: 'PreToolUse' | 'PostToolUse' | 'Stop', hooks: Array<Partial<HookDefinition> & { type: HookDefinition['type'] }>): HookConfig {
  const full = hooks.map((hook, index) => ({ name: `${event}#${index + 1}`, timeout: 30, failMode: 'allow', env: {}, matcher: '*', ...hook })) as HookDefinition[];
  return { baseDir: dir, source: 'test', PreToolUse: [], PostToolUse: [], Stop: [], [event]: full };
}

const preInput: PreToolUseInput = {
  investigationId: 'inv-1',
  agentName: 'h1',
  currentTurn: 2,
  maxTurns: 8,
  mode: 'review',
  toolName: 'azure_cli',
  toolUseId: 'toolu_1',
  toolInput: { command: 'az group delete -n rg1' },
};

export { writeHook, hooksWith, preInput };
