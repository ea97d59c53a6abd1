import type { ToolCallRecord } from '../agent/toolCallRecord';
import { fieldProblemsFromZod } from '../errors';
import { governanceServices } from '../governance/governanceServices';
import { ruleSetsFor } from '../governance/rules/ruleFile';
import { postToolUse, preToolUse } from '../governance/toolGate';
import { offloadLargeResult } from '../tools/results/offloadResult';
import type { ToolResult } from '../tools/tool';
import { hookUsage, type HookOutcome } from '../governance/hooks/runHooks';
import { totalTokens } from '../llm/tokenUsage';
import { auditRefusedToolCall } from './auditRefusal';
import { governanceConfig, hookDeps } from './governance';
import type { RunToolInput, RunToolOutput } from './investigationSchemas';
import { findTool } from './toolRegistry';

/** A result for a call that never reached a tool; the model reads it like any failure. */
function refusedResult(tool: string, code: string, message: string, details?: unknown): ToolResult {
  return { schemaVersion: 1, tool, status: 'error', invocation: '', error: { code, message, ...(details ? { details } : {}) }, summary: message, durationMs: 0 };
}

/** Appends hook notes to a result's summary, which the model reads with every result. */
function withNotes(result: ToolResult, notes: readonly string[]): ToolResult {
  return notes.length === 0 ? result : { ...result, summary: `${result.summary}\nNotes from hooks: ${notes.join(' | ')}` };
}

/**
 * Runs one tool call under governance: the tool must be allowed by the plan and configured, its
 * arguments must parse; the permission rules and PreToolUse hooks decide (deny comes back to the
 * model as an error it can work around, ask comes back to the orchestration as an approval
 * request unless a person already approved it); the result is redacted and passes PostToolUse
 * hooks; everything is audited. Upstream failures are results, never exceptions.
 */
async function runToolCall(input: RunToolInput, env: NodeJS.ProcessEnv = process.env): Promise<RunToolOutput> {
  const services = governanceServices(env);
  // Prompt hooks that judged this call spent model tokens: the record carries them to the report.
  const hookOutcomes: HookOutcome[] = [];
  const record = (result: ToolResult, args = input.arguments): ToolCallRecord => {
    const usage = hookUsage(hookOutcomes);
    return {
      schemaVersion: 1,
      id: input.callId,
      hypothesisId: input.hypothesisId,
      tool: input.tool,
      arguments: services.redactor.redactDeep(args),
      result,
      ...(usage.modelCalls > 0 || totalTokens(usage) > 0 ? { hookUsage: usage } : {}),
    };
  };
  const done = (result: ToolResult, args?: Record<string, unknown>): RunToolOutput => ({ schemaVersion: 1, record: record(result, args) });
  const refuse = async (code: string, message: string): Promise<RunToolOutput> => {
    await auditRefusedToolCall({ investigationId: input.investigationId, hypothesisId: input.hypothesisId, toolCallId: input.callId, tool: input.tool, code, reason: message, input: input.arguments }, env);
    return done(refusedResult(input.tool, code, message));
  };
  if (!input.allowedTools.includes(input.tool)) {
    return refuse('tool_not_allowed', `${input.tool} is not allowed by this investigation's plan; use one of: ${input.allowedTools.join(', ')}`);
  }
  const tool = await findTool(input.tool, env);
  if ('code' in tool) return refuse(tool.code, tool.message);
  const governed = { name: tool.name, readOnly: tool.readOnly, ...(tool.mcp ? { mcp: { connector: tool.mcp.server, tool: tool.mcp.tool } } : {}) };

  const config = await governanceConfig(env);
  const deps = hookDeps(services, env);
  const run = { investigationId: input.investigationId, agentName: input.hypothesisId, currentTurn: input.turn, maxTurns: input.maxTurns, mode: input.mode };
  const audit = { at: new Date().toISOString(), investigationId: input.investigationId, hypothesisId: input.hypothesisId, toolCallId: input.callId };
  let args = input.arguments;
  // Context hooks add for the model (`additionalContext`) travels in the result's summary.
  const notes: string[] = [];
  if (!input.approvedBy) {
    const gate = await preToolUse({
      run,
      tool: governed,
      toolUseId: input.callId,
      args,
      rules: ruleSetsFor(config.rules, input.planId, [], input.investigationId, input.planRules),
      mode: input.mode,
      hooks: config.hooks,
      deps,
    });
    // In review mode a remediation action always waits for a person, whatever the rules allow.
    if (gate.decision === 'allow' && input.action && input.mode === 'review') {
      gate.decision = 'ask';
      gate.reason = `remediation actions need a human in review mode (${gate.reason})`;
    }
    await services.auditLog.append({
      ...audit,
      kind: 'decision',
      actor: { type: gate.hookOutcomes.length > 0 ? 'hook' : 'system', id: gate.matchedRule ? 'rules' : 'defaults' },
      invocation: gate.canonical,
      summary: `${gate.decision}: ${gate.reason}`,
      details: { decision: gate.decision, matchedRule: gate.matchedRule ?? null, rewritten: gate.rewritten, hooks: gate.hookOutcomes },
    });
    hookOutcomes.push(...gate.hookOutcomes);
    notes.push(...gate.additionalContext);
    if (gate.decision === 'deny') return done(withNotes(refusedResult(input.tool, 'denied_by_policy', `not run: ${gate.reason}`), notes));
    if (gate.decision === 'ask') {
      return { ...done(refusedResult(input.tool, 'approval_required', `waiting for approval: ${gate.reason}`)), approval: { invocation: gate.canonical, reason: gate.reason } };
    }
    args = gate.args;
  }
  const parsed = tool.parameters.safeParse(args);
  if (!parsed.success) {
    const problems = fieldProblemsFromZod(parsed.error.issues);
    return done(refusedResult(input.tool, 'invalid_arguments', `invalid arguments: ${problems.map((p) => `${p.path || '(root)'}: ${p.message}`).join('; ')}`, problems), args);
  }
  const now = new Date(input.now);
  const execute = () => tool.execute(parsed.data, { investigationId: input.investigationId, now: () => now, signal: AbortSignal.timeout(120_000) });
  const raw = input.action
    ? await services.actions.runOnce(input.investigationId, input.callId, execute, { tool: tool.name, invocation: tool.auditDescription(parsed.data) })
    : await execute();
  const post = await postToolUse({ run, tool: governed, toolUseId: input.callId, args, result: raw, hooks: config.hooks, deps: { ...deps, redactor: services.redactor } });
  hookOutcomes.push(...post.hookOutcomes);
  await services.auditLog.append({
    ...audit,
    kind: 'tool_call',
    actor: input.approvedBy ? { type: 'human', id: input.approvedBy } : { type: 'model', id: input.hypothesisId },
    invocation: post.result.invocation || tool.auditDescription(parsed.data),
    summary: `${tool.name}: ${post.result.status}${post.blocked ? ' (withheld by a hook)' : ''}: ${post.result.summary}`,
    durationMs: raw.durationMs,
    details: { status: post.result.status, blocked: post.blocked, hooks: post.hookOutcomes },
  });
  notes.push(...post.additionalContext);
  // Frugal context: a large result is stored and the model gets a summary plus read_result.
  return done(withNotes(await offloadLargeResult(post.result, input, env), notes), args);
}

export { runToolCall };
