import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resolveSecretReference, isSecretReference } from '../redaction/secretReferences';
import type { CommandHook } from './hookConfig';
import type { HookInputJson } from './hookInput';
import { parseHookOutput, type HookDecision } from './hookOutput';

/** stdout or stderr beyond this is a hook error: a hook answers with a small JSON document. */
const MAX_OUTPUT_BYTES = 1024 * 1024;

/** Environment variables a hook inherits from the app; nothing else (the app's secrets stay out). */
const INHERITED_ENV = ['PATH', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'HOME', 'SystemRoot'];

/** What running a command hook produced, before the fail mode is applied. */
type CommandHookResult = { ok: true; decision: HookDecision } | { ok: false; error: string };

let scriptDir: string | undefined;

/** Writes an inline script once per content to a private temp folder and returns its path. */
function scriptPath(script: string): string {
  scriptDir ??= mkdtempSync(join(tmpdir(), 'governance-hooks-'));
  const path = join(scriptDir, createHash('sha256').update(script).digest('hex').slice(0, 24));
  if (!existsSync(path)) writeFileSync(path, script.replace(/^\s+/, ''), { mode: 0o700 });
  chmodSync(path, 0o700);
  return path;
}

/**
 * What to spawn: an inline `script` (shebang) from a private temp file, or the `command` as an
 * inline shell command (`/bin/sh -c`), which is what Azure SRE Agent documents for `command:`,
 * so pipelines and redirections work. Relative paths in it resolve from the hooks file's folder
 * (the working directory).
 */
function argvOf(hook: CommandHook): string[] {
  if (hook.script !== undefined) return [scriptPath(hook.script)];
  return ['/bin/sh', '-c', hook.command!];
}

/**
 * The environment a hook runs with: the few inherited variables plus its own `env`, secret
 * references resolved. Throws a ConfigError naming the hook and variable when one is unset.
 */
function hookEnvironment(hook: CommandHook, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const childEnv: NodeJS.ProcessEnv = {};
  for (const name of INHERITED_ENV) if (env[name] !== undefined) childEnv[name] = env[name];
  for (const [name, value] of Object.entries(hook.env)) {
    childEnv[name] = isSecretReference(value) ? resolveSecretReference(value, `hook ${hook.name} env.${name}`, env) : value;
  }
  return childEnv;
}

/**
 * What would stop a command hook from running, checked without running it (startup validation):
 * a program path (the command's first word, when it is a path) that does not exist from the
 * hooks file's folder, an unresolvable secret.
 */
function commandHookProblem(hook: CommandHook, baseDir: string, env: NodeJS.ProcessEnv): string | undefined {
  const program = hook.command?.trim().split(/\s+/)[0];
  if (program?.includes('/') && !existsSync(resolve(baseDir, program))) return `hook ${hook.name}: command ${program} does not exist`;
  try {
    hookEnvironment(hook, env);
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}

/**
 * Runs one command hook: the event JSON on stdin, the answer on stdout, as in Azure SRE Agent.
 * Exit 0 with nothing printed allows; exit 0 with JSON is parsed; exit 2 blocks with stderr as
 * the reason; any other exit, a timeout (the whole process group is killed), oversized or
 * non-JSON output is an error for which the caller applies the hook's fail mode.
 */
async function runCommandHook(hook: CommandHook, input: HookInputJson, baseDir: string, timeoutSeconds: number, env: NodeJS.ProcessEnv = process.env): Promise<CommandHookResult> {
  const argv = argvOf(hook);
  let childEnv: NodeJS.ProcessEnv;
  try {
    childEnv = hookEnvironment(hook, env);
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  return new Promise<CommandHookResult>((resolveResult) => {
    let settled = false;
    const finish = (result: CommandHookResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolveResult(result);
    };
    const child = spawn(argv[0]!, argv.slice(1), { cwd: baseDir, env: childEnv, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let size = 0;
    const killGroup = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => {
      killGroup();
      finish({ ok: false, error: `hook ${hook.name} did not answer within ${timeoutSeconds} s and was stopped` });
    }, timeoutSeconds * 1000);
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT_BYTES) {
        killGroup();
        finish({ ok: false, error: `hook ${hook.name} printed more than ${MAX_OUTPUT_BYTES} bytes` });
        return;
      }
      into.push(chunk);
    };
    child.stdout.on('data', collect(stdout));
    child.stderr.on('data', collect(stderr));
    child.on('error', (error) => finish({ ok: false, error: `hook ${hook.name} could not start: ${error.message}` }));
    child.stdin.on('error', () => undefined); // a hook that exits without reading stdin is fine
    child.stdin.end(JSON.stringify(input));
    child.on('close', (code, signal) => {
      const out = Buffer.concat(stdout).toString('utf8').trim();
      const err = Buffer.concat(stderr).toString('utf8').trim();
      if (code === 2) {
        finish({ ok: true, decision: { decision: 'block', reason: err || `blocked by hook ${hook.name}` } });
        return;
      }
      if (code !== 0) {
        finish({ ok: false, error: `hook ${hook.name} exited with ${code ?? signal}${err ? `: ${err.slice(0, 500)}` : ''}` });
        return;
      }
      if (out === '') {
        finish({ ok: true, decision: { decision: 'allow' } });
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(out);
      } catch {
        finish({ ok: false, error: `hook ${hook.name} printed output that is not JSON` });
        return;
      }
      try {
        finish({ ok: true, decision: parseHookOutput(json, hook.name ?? 'command', input.hook_event_name === 'Stop') });
      } catch (error) {
        finish({ ok: false, error: (error as Error).message });
      }
    });
  });
}

export { runCommandHook, commandHookProblem, MAX_OUTPUT_BYTES };
export type { CommandHookResult };
