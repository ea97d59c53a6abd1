import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler } from 'durable-functions';
import { agentStep } from '../../shared/agent/agentStep';
import { hypothesisBudget } from '../../shared/agent/investigationBudget';
import { pruneToolResults } from '../../shared/agent/context/pruneToolResults';
import { startAgentState } from '../../shared/agent/agentState';
import { buildOpeningMessage, buildToolResultsMessage, formatToolResultForModel } from '../../shared/agent/subagentPrompt';
import type { ToolCallRecord } from '../../shared/agent/toolCallRecord';
import { hypothesisVerdictSchema, type HypothesisVerdict } from '../../shared/agent/verdict';
import { ActivityNames, OrchestratorNames } from '../../shared/durable';
import { approvalEventName, approvalEventSchema, approvalIdFor } from '../../shared/governance/approvals/approvalRecord';
import { unapprovedToolResult } from '../../shared/governance/approvals/approvalOutcome';
import { ZERO_USAGE, type TokenUsage } from '../../shared/llm/tokenUsage';
import { canonicalInvocation } from '../../shared/governance/rules/canonicalInvocation';
import { parseIsoDuration } from '../../shared/governance/approvals/isoDuration';
import { memoryForPrompt } from '../../shared/memory/renderSeenBefore';
import type { Remediation } from '../../shared/plans/planSchema';
import type { RemediationOutcome } from '../../shared/report/remediationOutcome';
import {
  checkMitigationOutputSchema,
  remediationStatus,
  renderRemediationOutputSchema,
  hypothesisInputSchema,
  modelTurnOutputSchema,
  planChecksOutputSchema,
  runToolOutputSchema,
  type HypothesisInput,
  type HypothesisOutput,
  type HypothesisStatus,
} from '../../shared/investigation';

/** Model and tool activities retry transient failures; tool failures themselves are results. */
const activityRetry = new df.RetryOptions(2000, 3);
activityRetry.backoffCoefficient = 2;

type Call = { id: string; tool: string; arguments: Record<string, unknown> };

/** Where a subagent stands, for hook input (deterministic checks run at turn 0). */
interface TurnInfo {
  turn: number;
  maxTurns: number;
}

/** The activity call for one tool call; plain Tasks so several run in parallel with `Task.all`. */
function toolTask(context: OrchestrationContext, input: HypothesisInput, call: Call, turn: TurnInfo, approvedBy?: string, action = false): df.Task {
  return context.df.callActivityWithRetry(ActivityNames.runTool, activityRetry, {
    schemaVersion: 1,
    investigationId: input.investigationId,
    hypothesisId: input.hypothesisId,
    callId: call.id,
    tool: call.tool,
    arguments: call.arguments,
    allowedTools: input.context.tools,
    now: context.df.currentUtcDateTime.toISOString(),
    planId: input.context.plan.id,
    planRules: input.context.plan.rules,
    mode: input.context.plan.mode,
    turn: turn.turn,
    maxTurns: turn.maxTurns,
    ...(approvedBy ? { approvedBy } : {}),
    action,
  });
}

/**
 * Runs tool calls in parallel (Task.all refuses an empty list, so none means no task). A call
 * the rules `ask` about waits for a person: an approval is recorded and announced, then an
 * approval event races a durable timer (a pending approval costs no compute); approved runs the
 * call, rejected or timed out gives the model an error it can work around.
 */
function* runTools(context: OrchestrationContext, input: HypothesisInput, calls: ReadonlyArray<Call>, turn: TurnInfo, status: HypothesisStatus): Generator<df.Task, ToolCallRecord[], unknown> {
  if (calls.length === 0) return [];
  const outputs = ((yield context.df.Task.all(calls.map((call) => toolTask(context, input, call, turn)))) as unknown[]).map((o) => runToolOutputSchema.parse(o));
  const records: ToolCallRecord[] = [];
  for (const [index, output] of outputs.entries()) {
    records.push(output.approval ? yield* awaitApproval(context, input, calls[index]!, output.record, output.approval, turn, status) : output.record);
  }
  return records;
}

function* awaitApproval(
  context: OrchestrationContext,
  input: HypothesisInput,
  call: Call,
  pending: ToolCallRecord,
  approval: { invocation: string; reason: string },
  turn: TurnInfo,
  status: HypothesisStatus,
  action = false,
): Generator<df.Task, ToolCallRecord, unknown> {
  const approvalId = approvalIdFor(context.df.instanceId, call.id);
  const requestedAt = context.df.currentUtcDateTime;
  const expiresAt = new Date(requestedAt.getTime() + input.context.approvalTimeoutMs);
  yield context.df.callActivityWithRetry(ActivityNames.requestApproval, activityRetry, {
    schemaVersion: 1,
    approvalId,
    investigationId: input.investigationId,
    instanceId: context.df.instanceId,
    toolCallId: call.id,
    hypothesisId: input.hypothesisId,
    toolName: call.tool,
    invocation: approval.invocation,
    reason: approval.reason,
    requestedAt: requestedAt.toISOString(),
    expiresAt: expiresAt.toISOString(),
    incident: input.incident,
    delivery: input.context.delivery,
    mode: input.context.plan.mode,
  });
  context.df.setCustomStatus({ ...status, phase: 'awaiting-approval', approvalId });
  const timer = context.df.createTimer(expiresAt);
  const decision = context.df.waitForExternalEvent(approvalEventName(approvalId));
  const winner = yield context.df.Task.any([decision, timer]);
  context.df.setCustomStatus(status);
  const record = { toolName: call.tool, invocation: approval.invocation };
  if (winner === timer) {
    yield context.df.callActivityWithRetry(ActivityNames.expireApproval, activityRetry, { schemaVersion: 1, approvalId });
    return { ...pending, result: unapprovedToolResult(record, { type: 'timed_out', timeoutMs: input.context.approvalTimeoutMs }) };
  }
  timer.cancel();
  const event = approvalEventSchema.parse(decision.result);
  if (event.decision === 'rejected') return { ...pending, result: unapprovedToolResult(record, { type: 'rejected', event }) };
  const approved = runToolOutputSchema.parse(yield toolTask(context, input, call, turn, event.decidedBy, action));
  return approved.record;
}

/**
 * One remediation of a supported hypothesis: its arguments are templated from the evidence, the
 * call goes through governance as an action (review mode: always an approval; autonomous: runs
 * unless a rule asks or denies; a deny never runs), runs at most once, and after the configured
 * delay (a durable timer) the symptom check runs again to record whether the symptom cleared.
 * Nothing runs on a dry run.
 */
function* remediate(
  context: OrchestrationContext,
  input: HypothesisInput,
  action: Remediation,
  verdict: HypothesisVerdict,
  records: ToolCallRecord[],
  status: HypothesisStatus,
): Generator<df.Task, RemediationOutcome, unknown> {
  const base = { hypothesisId: input.hypothesisId, remediationId: action.id, title: action.title, tool: action.tool };
  const rendered = renderRemediationOutputSchema.parse(
    yield context.df.callActivityWithRetry(ActivityNames.renderRemediation, activityRetry, {
      schemaVersion: 1,
      hypothesisId: input.hypothesisId,
      remediationId: action.id,
      incident: input.incident,
      context: input.context,
      verdict,
      toolCalls: records,
    }),
  );
  if (!rendered.ok) return { ...base, invocation: '', status: 'not_rendered', detail: `its arguments could not be filled in: ${rendered.error}` };
  const planned = canonicalInvocation({ name: action.tool, readOnly: false }, rendered.arguments).text;
  if (input.dryRun) return { ...base, invocation: planned, status: 'dry_run', detail: 'dry run: proposed, not run' };
  const call: Call = { id: `action:${input.hypothesisId}:${action.id}`, tool: action.tool, arguments: rendered.arguments };
  const turn = { turn: 0, maxTurns: 0 };
  const first = runToolOutputSchema.parse(yield toolTask(context, input, call, turn, undefined, true));
  const record = first.approval ? yield* awaitApproval(context, input, call, first.record, first.approval, turn, status, true) : first.record;
  records.push(record);
  const outcome: RemediationOutcome = {
    ...base,
    invocation: record.result.invocation || first.approval?.invocation || planned,
    status: remediationStatus(record),
    detail: record.result.status === 'error' ? (record.result.error?.message ?? record.result.summary) : record.result.summary,
  };
  const check = action.verify && input.context.plan.hypotheses.find((h) => h.id === input.hypothesisId)?.checks.find((c) => c.id === action.verify!.check);
  if (!action.verify || !check || (outcome.status !== 'executed' && outcome.status !== 'interrupted')) return outcome;
  yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + (parseIsoDuration(action.verify.after) ?? 0)));
  const checked = runToolOutputSchema.parse(yield toolTask(context, input, { id: `verify:${input.hypothesisId}:${action.id}`, tool: check.tool, arguments: rendered.verifyArguments ?? {} }, turn));
  records.push(checked.record);
  const mitigation = checkMitigationOutputSchema.parse(
    yield context.df.callActivityWithRetry(ActivityNames.checkMitigation, activityRetry, {
      schemaVersion: 1,
      hypothesisId: input.hypothesisId,
      remediationId: action.id,
      context: input.context,
      incident: input.incident,
      record: checked.record,
    }),
  );
  return { ...outcome, verification: { check: check.id, at: context.df.currentUtcDateTime.toISOString(), cleared: mitigation.cleared, summary: mitigation.summary } };
}

/** A verdict for a hypothesis whose subagent could not finish (model or activity failure); `usage` is what its finished turns spent. */
function failedVerdict(hypothesisId: string, reason: string, usage: TokenUsage = ZERO_USAGE): HypothesisVerdict {
  return {
    schemaVersion: 1,
    hypothesisId,
    verdict: 'inconclusive',
    confidence: 0,
    summary: `No verdict: ${reason}`,
    evidence: [],
    gaps: [reason],
    decidedBy: 'budget',
    usage: { ...usage, unpricedModels: [...usage.unpricedModels] },
  };
}

/**
 * One subagent testing one hypothesis, in its own sub-orchestration so its history stays short.
 * Deterministic mode runs the plan's checks in parallel and applies the verdict rules; model
 * mode loops one model turn per activity, runs the requested tools in parallel, and lets the
 * pure `agentStep` reducer decide when budgets force a final turn or end the run.
 */
const runHypothesisOrchestrator: OrchestrationHandler = function* (context: OrchestrationContext) {
  const input = hypothesisInputSchema.parse(context.df.getInput());
  const hypothesis = input.context.plan.hypotheses.find((h) => h.id === input.hypothesisId)!;
  const status: HypothesisStatus = { schemaVersion: 1, hypothesisId: hypothesis.id, phase: 'checks', turns: 0, toolCalls: 0 };
  const records: ToolCallRecord[] = [];
  let spent: TokenUsage = ZERO_USAGE;
  const remediations: RemediationOutcome[] = [];
  const finish = (verdict: HypothesisVerdict): HypothesisOutput => {
    context.df.setCustomStatus({ ...status, phase: 'done' });
    return { schemaVersion: 1, verdict, toolCalls: records, remediations };
  };
  // A supported hypothesis takes its remediation actions before it reports its verdict.
  const conclude = function* (verdict: HypothesisVerdict): Generator<df.Task, HypothesisOutput, unknown> {
    if (verdict.verdict === 'supported') {
      for (const action of hypothesis.remediations) {
        try {
          remediations.push(yield* remediate(context, input, action, verdict, records, status));
        } catch (error) {
          remediations.push({ hypothesisId: hypothesis.id, remediationId: action.id, title: action.title, tool: action.tool, invocation: '', status: 'failed', detail: error instanceof Error ? error.message.split('\n')[0]! : String(error) });
        }
      }
    }
    return finish(verdict);
  };
  try {
    if (input.context.engine === 'deterministic') {
      context.df.setCustomStatus(status);
      // Stages: a conditional check (`when`) waits for the checks listed before it.
      const settled: string[] = [];
      const skipped: string[] = [];
      for (let complete = false; !complete; ) {
        const stage = planChecksOutputSchema.parse(
          yield context.df.callActivity(ActivityNames.planChecks, { schemaVersion: 1, hypothesisId: hypothesis.id, incident: input.incident, context: input.context, settled, skipped, toolCalls: records }),
        );
        settled.push(...stage.checks.map((check) => check.checkId), ...stage.skipped);
        skipped.push(...stage.skipped);
        records.push(...(yield* runTools(context, input, stage.checks, { turn: 0, maxTurns: 0 }, status)));
        status.toolCalls = records.length;
        complete = stage.complete;
      }
      const verdict = yield context.df.callActivity(ActivityNames.evaluateVerdict, { schemaVersion: 1, hypothesisId: hypothesis.id, context: input.context, toolCalls: records, skipped });
      return yield* conclude(hypothesisVerdictSchema.parse(verdict));
    }

    // perHypothesis capped by this subagent's share of perInvestigation (investigationBudget.ts).
    const budget = hypothesisBudget(input.context.plan.budgets, input.context.plan.hypotheses.length);
    let state = startAgentState(hypothesis.id, context.df.currentUtcDateTime.toISOString(), budget);
    const messages: MessageParam[] = [buildOpeningMessage({ incident: input.context.promptIncident, hypothesis, knowledge: input.context.knowledge || undefined, target: input.context.target, memory: memoryForPrompt(input.context.memory) })];
    status.phase = 'reasoning';
    for (;;) {
      context.df.setCustomStatus(status);
      const turn = modelTurnOutputSchema.parse(
        yield context.df.callActivityWithRetry(ActivityNames.modelTurn, activityRetry, {
          schemaVersion: 1,
          investigationId: input.investigationId,
          hypothesisId: hypothesis.id,
          context: input.context,
          // Stale tool results shrink to one-line notes once the conversation is large (pure, deterministic).
          messages: pruneToolResults(messages, records),
          finalTurn: state.finalTurnRequested,
        }),
      );
      messages.push({ role: 'assistant', content: turn.assistantContent as unknown as MessageParam['content'] });
      const next = agentStep({ state, budget, lastTurn: turn, now: context.df.currentUtcDateTime.toISOString() });
      state = next.state;
      spent = state.usage;
      const { step } = next;
      status.turns = state.turnsTaken;
      if (step.type === 'final_verdict') return yield* conclude(step.verdict);
      if (step.type === 'budget_exhausted') return finish(step.verdict);
      // The loop's own refusals (calls to unknown tools and invalid input were audited by the turn).
      const invalid = new Set(turn.invalidToolCalls.map((call) => call.id));
      const refusedByLoop = step.refused.filter((r) => !invalid.has(r.toolUseId));
      if (refusedByLoop.length > 0) {
        yield context.df.callActivityWithRetry(ActivityNames.auditRefusedCalls, activityRetry, {
          schemaVersion: 1,
          calls: refusedByLoop.map((r) => {
            const call = turn.toolCalls.find((c) => c.id === r.toolUseId);
            return { investigationId: input.investigationId, hypothesisId: hypothesis.id, toolCallId: r.toolUseId, tool: call?.name ?? '', code: 'refused_by_agent_loop', reason: r.content, ...(call ? { input: call.input } : {}) };
          }),
        });
      }
      const calls = step.calls.map((call) => ({ id: call.id, tool: call.name, arguments: call.input as Record<string, unknown> }));
      const results = yield* runTools(context, input, calls, { turn: state.turnsTaken, maxTurns: budget.maxTurns }, status);
      records.push(...results);
      status.toolCalls = records.length;
      const answers = results.map((r) => ({ toolUseId: r.id, content: formatToolResultForModel(r.id, r.result), isError: r.result.status === 'error' }));
      messages.push(buildToolResultsMessage([...answers, ...step.refused], step.note));
    }
  } catch (error) {
    return finish(failedVerdict(hypothesis.id, `the subagent failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, spent));
  }
};

df.app.orchestration(OrchestratorNames.runHypothesis, runHypothesisOrchestrator);

export { runHypothesisOrchestrator };
