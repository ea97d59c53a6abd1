import { agentStep } from '../../../shared/agent/agentStep';
import { startAgentState, type AgentState } from '../../../shared/agent/agentState';
import { FINAL_TURN_NOTE } from '../../../shared/agent/subagentPrompt';
import type { ModelTurnResult } from '../../../shared/llm/runModelTurn';
import { usageOf } from '../../../shared/llm/pricing';
import type { BudgetLimits } from '../../../shared/plans/planSchema';

const budget: BudgetLimits = { maxTurns: 5, maxTokens: 100_000, maxToolCalls: 4, wallTimeSeconds: 300 };
const T0 = '2026-03-04T12:00:00.000Z';
const T1 = '2026-03-04T12:00:30.000Z';

function turn(partial: Partial<ModelTurnResult>): ModelTurnResult {
  return {
    schemaVersion: 1,
    model: 'claude-sonnet-5-5',
    stopReason: 'tool_use',
    text: '',
    toolCalls: [],
    invalidToolCalls: [],
    assistantContent: [],
    usage: usageOf('claude-sonnet-5-5', { inputTokens: 1000, outputTokens: 100, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 }),
    messageId: 'msg_1',
    ...partial,
  };
}

const query = (id: string, q = 'AppRequests | take 5') => ({ id, name: 'app_insights_query', input: { query: q } });
const verdict = (input: Record<string, unknown>, id = 'toolu_v') => ({ id, name: 'submit_verdict', input });

function afterOneQuery(): AgentState {
  return agentStep({ state: startAgentState('bad-deployment', T0, budget), budget, lastTurn: turn({ toolCalls: [query('toolu_1')] }), now: T1 }).state;
}

describe('agentStep', () => {
  it('runs the tool calls of a turn and counts the turn, the calls and the usage', () => {
    // Act
    const { state, step } = agentStep({ state: startAgentState('bad-deployment', T0, budget), budget, lastTurn: turn({ toolCalls: [query('toolu_1')] }), now: T1 });

    // Assess
    expect(step).toEqual({ type: 'call_tools', calls: [query('toolu_1')], refused: [] });
    expect(state).toMatchObject({ turnsTaken: 1, toolCallsMade: 1, knownToolCallIds: ['toolu_1'], finalTurnRequested: false });
    expect(state.usage).toMatchObject({ inputTokens: 1000, outputTokens: 100, modelCalls: 1 });
  });

  it('accepts a verdict that cites calls the subagent made', () => {
    // Prepare
    const state = afterOneQuery();
    const input = { verdict: 'supported', confidence: 0.8, summary: 'Version 2.5.0 fails.', evidence: ['toolu_1'], gaps: [] };

    // Act
    const { step } = agentStep({ state, budget, lastTurn: turn({ toolCalls: [verdict(input)] }), now: T1 });

    // Assess
    expect(step.type).toBe('final_verdict');
    if (step.type !== 'final_verdict') return;
    expect(step.verdict).toMatchObject({ hypothesisId: 'bad-deployment', verdict: 'supported', evidence: ['toolu_1'], decidedBy: 'model' });
    expect(step.verdict.usage.modelCalls).toBe(2);
  });

  it('refuses a verdict citing unknown evidence and explains which ids exist', () => {
    // Prepare
    const input = { verdict: 'supported', confidence: 0.8, summary: 's', evidence: ['toolu_invented'], gaps: [] };

    // Act
    const { step } = agentStep({ state: afterOneQuery(), budget, lastTurn: turn({ toolCalls: [verdict(input)] }), now: T1 });

    // Assess
    expect(step.type).toBe('call_tools');
    if (step.type !== 'call_tools') return;
    expect(step.calls).toEqual([]);
    expect(step.refused).toEqual([{ toolUseId: 'toolu_v', isError: true, content: expect.stringContaining('unknown tool call ids (toolu_invented)') }]);
    expect(step.refused[0]?.content).toContain('toolu_1');
  });

  it('refuses a supported verdict without evidence but accepts an inconclusive one', () => {
    // Prepare
    const base = { confidence: 0.4, summary: 's', evidence: [], gaps: ['no logs'] };

    // Act
    const supported = agentStep({ state: afterOneQuery(), budget, lastTurn: turn({ toolCalls: [verdict({ ...base, verdict: 'supported' })] }), now: T1 }).step;
    const inconclusive = agentStep({ state: afterOneQuery(), budget, lastTurn: turn({ toolCalls: [verdict({ ...base, verdict: 'inconclusive' })] }), now: T1 }).step;

    // Assess
    expect(supported.type === 'call_tools' && supported.refused[0]?.content).toMatch(/needs evidence/);
    expect(inconclusive.type === 'final_verdict' && inconclusive.verdict.gaps).toEqual(['no logs']);
  });

  it('feeds a malformed submit_verdict back to the model', () => {
    // Prepare
    const invalid = { id: 'toolu_v', name: 'submit_verdict', input: { verdict: 'maybe' }, error: 'invalid input for submit_verdict: verdict: Invalid option' };

    // Act
    const { step } = agentStep({ state: afterOneQuery(), budget, lastTurn: turn({ invalidToolCalls: [invalid] }), now: T1 });

    // Assess
    expect(step.type === 'call_tools' && step.refused).toEqual([
      { toolUseId: 'toolu_v', isError: true, content: expect.stringContaining('Call submit_verdict again with valid input') },
    ]);
  });

  it('refuses an exact repeat of an earlier call and answers invalid calls with their error', () => {
    // Prepare
    const invalid = { id: 'toolu_x', name: 'app_insights_query', input: {}, error: 'invalid input for app_insights_query: query: Required' };

    // Act
    const { state, step } = agentStep({ state: afterOneQuery(), budget, lastTurn: turn({ toolCalls: [query('toolu_2')], invalidToolCalls: [invalid] }), now: T1 });

    // Assess
    expect(step.type === 'call_tools' && step.calls).toEqual([]);
    expect(step.type === 'call_tools' && step.refused.map((r) => r.content)).toEqual([
      invalid.error,
      'identical call already made as toolu_1; use that result instead of repeating it',
    ]);
    expect(state.toolCallsMade).toBe(1);
  });

  it('runs calls up to the tool-call budget, refuses the rest and makes the next turn final', () => {
    // Prepare
    const calls = [1, 2, 3, 4, 5].map((n) => query(`toolu_${n}`, `AppRequests | take ${n}`));

    // Act
    const { state, step } = agentStep({ state: startAgentState('h', T0, budget), budget, lastTurn: turn({ toolCalls: calls }), now: T1 });

    // Assess
    expect(step.type).toBe('force_final_turn');
    if (step.type !== 'force_final_turn') return;
    expect(step.calls.map((c) => c.id)).toEqual(['toolu_1', 'toolu_2', 'toolu_3', 'toolu_4']);
    expect(step.refused).toEqual([{ toolUseId: 'toolu_5', isError: true, content: 'not run: the tool-call budget of 4 is used' }]);
    expect(step.note).toBe(FINAL_TURN_NOTE);
    expect(state.finalTurnRequested).toBe(true);
  });

  it('forces the final turn when only one turn is left', () => {
    // Prepare
    let state = startAgentState('h', T0, budget);
    for (let n = 1; n <= 3; n++) state = agentStep({ state, budget, lastTurn: turn({ toolCalls: [query(`toolu_${n}`, `q${n}`)] }), now: T1 }).state;

    // Act
    const { step } = agentStep({ state, budget: { ...budget, maxToolCalls: 10 }, lastTurn: turn({ toolCalls: [query('toolu_4', 'q4')] }), now: T1 });

    // Assess
    expect(step).toMatchObject({ type: 'force_final_turn', reason: 'turn 5 of 5 is the last' });
  });

  it('ends with an inconclusive budget verdict when the final turn brings no verdict', () => {
    // Prepare
    const state = { ...afterOneQuery(), finalTurnRequested: true };

    // Act
    const { step } = agentStep({ state, budget, lastTurn: turn({ toolCalls: [query('toolu_9', 'more')] }), now: T1 });

    // Assess
    expect(step.type).toBe('budget_exhausted');
    if (step.type !== 'budget_exhausted') return;
    expect(step.verdict).toMatchObject({ verdict: 'inconclusive', confidence: 0, decidedBy: 'budget', evidence: [] });
    expect(step.verdict.gaps).toContain('stopped before a verdict: no verdict was submitted on the final turn');
  });

  it('stops at once when the wall-time budget is spent', () => {
    // Act
    const { step } = agentStep({ state: startAgentState('h', T0, budget), budget, lastTurn: turn({ toolCalls: [query('toolu_1')] }), now: '2026-03-04T12:05:00.000Z' });

    // Assess
    expect(step).toMatchObject({ type: 'budget_exhausted', reason: 'wall-time budget of 300s used' });
  });

  it('nudges a model that answered with text only', () => {
    // Act
    const { step } = agentStep({ state: startAgentState('h', T0, budget), budget, lastTurn: turn({ stopReason: 'end_turn', text: 'I think it is the deploy.' }), now: T1 });

    // Assess
    expect(step).toEqual({ type: 'call_tools', calls: [], refused: [], note: expect.stringContaining('submit_verdict') });
  });

  it('starts with a final turn when the budget allows a single turn', () => {
    // Act and Assess
    expect(startAgentState('h', T0, { ...budget, maxTurns: 1 }).finalTurnRequested).toBe(true);
  });
});
