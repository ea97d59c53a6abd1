import { ConfigError } from '../errors';
import { governanceServices } from '../governance/governanceServices';
import type { Incident } from '../incident';
import { isModelConfigured } from '../llm/createModelClient';
import { llmSettings } from '../llm/llmSettings';
import { matchPlan } from '../plans/matchPlan';
import { offerReadResult } from '../tools/results/offerReadResult';
import { telemetrySettings } from '../tools/telemetrySettings';
import { getServiceCatalog } from '../targets/serviceCatalogRegistry';
import { resolveTarget } from '../targets/resolveTarget';
import { resourceGraphLookup } from '../targets/resourceGraphLookup';
import { resolveCheckContext } from './checkContext';
import { ingestionSettings } from '../ingestion/ingestionSettings';
import { planDelivery, publicBaseUrl } from './deliveryPlan';
import { investigationSettings } from './investigationSettings';
import type { InvestigationContext, PrepareInput } from './investigationSchemas';
import { getPlansWith } from './planRegistry';
import { offeredTools } from './offeredTools';
import { getTools } from './toolRegistry';
import { recallMemory } from '../memory/recallMemory';
import { loadInvestigationKnowledge } from '../knowledge/loadInvestigationKnowledge';

/**
 * Everything an investigation works from, decided once: the plan (matched, or named for a dry
 * run), the engine (Claude when a key is configured, else the plan's deterministic checks), the
 * tools it may offer, the target (shared/targets) and the check window, the plan's runbooks and the skills matching the incident (docs/knowledge.md), and the gaps
 * (what the plan wants that this deployment lacks).
 */
async function prepareInvestigation(input: PrepareInput, env: NodeJS.ProcessEnv = process.env, now = new Date()): Promise<InvestigationContext> {
  const settings = investigationSettings.load(env);
  const llm = llmSettings.load(env);
  const telemetry = telemetrySettings.load(env);
  const { plans, origins } = await getPlansWith(input.planId, settings, env);
  const named = input.plan ?? (input.planId ? plans.find((plan) => plan.id === input.planId) : undefined);
  const match = named ? { plan: named, specificity: 0 } : input.planId ? undefined : matchPlan(plans, input.incident);
  if (!match) {
    throw new ConfigError(input.planId ? `plan ${input.planId}` : 'plans', input.planId ? 'no plan has this id' : 'no plan matches the incident and there is no default plan (match: {})');
  }
  const configured = getTools(env);
  const engine = isModelConfigured(llm) ? 'model' : 'deterministic';
  const offered = await offeredTools(match.plan.allowedTools, configured, env);
  // The engine stores large results, so the model always gets read_result when a store exists.
  const { plan: matchedPlan, tools } = offerReadResult(match.plan, offered.tools, engine, configured);
  const governance = governanceServices(env);
  // A server's failure can quote its stderr: redact before it reaches the report and the model.
  const gaps = offered.gaps.map((gap) => governance.redactor.redactText(gap));
  const resourceGraph = configured.get('resource_graph_query');
  const target = await resolveTarget({
    incident: input.incident,
    catalog: await getServiceCatalog(env),
    telemetry,
    ...(resourceGraph ? { lookup: resourceGraphLookup(resourceGraph, () => now) } : {}),
  });
  gaps.push(...target.gaps);
  await governance.auditLog.append({
    at: now.toISOString(),
    investigationId: input.investigationId,
    kind: 'decision',
    actor: { type: 'system', id: 'target-resolution' },
    summary:
      target.status === 'unknown'
        ? 'target unknown: no resource, workspace or component could be tied to the incident'
        : `target resolved by ${target.method}${target.service ? ` (service ${target.service}, ${target.matchedBy})` : ''}: workspace ${target.workspace?.name ?? 'none'}, component ${target.appInsights?.name ?? 'none'}`,
    details: { target },
  });
  // Similar past incidents (docs/memory.md); redacted again, whoever wrote the records.
  const recalled = await recallMemory({ investigationId: input.investigationId, incident: input.incident, target, plan: matchedPlan, engine, baseUrl: publicBaseUrl(env), gaps, env });
  const plan = recalled.plan;
  const knowledge = await loadInvestigationKnowledge({ plan, incident: input.incident, env, gaps });
  return {
    schemaVersion: 1,
    plan,
    planOrigin: origins[plan.id] ?? (input.plan ? 'scheduled task' : 'bundled'),
    specificity: match.specificity,
    engine,
    model: engine === 'model' ? llm.ANTHROPIC_MODEL : null,
    checkContext: resolveCheckContext(input.incident, target, settings.INVESTIGATION_LOOKBACK_MINUTES, now),
    target,
    knowledge: governance.redactor.redactText(knowledge.text),
    knowledgeUsed: knowledge.used,
    memory: governance.redactor.redactDeep(recalled.memory),
    tools,
    mcpTools: offered.mcpTools,
    gaps,
    qualityGateMaxRejections: settings.QUALITY_GATE_MAX_REJECTIONS,
    // The group window of ingestion: alerts of the group that arrive in it join this investigation.
    monitorMinutes: ingestionSettings.load(env).INGEST_GROUP_WINDOW_MINUTES,
    delivery: planDelivery(plan, input.incident, env, gaps),
    promptIncident: governance.redactor.redactDeep(incidentForPrompt(input.incident)),
    approvalTimeoutMs: governance.approvalTimeoutMs,
  };
}

/** The incident as the model and checks see it (no raw payload reference, no internal keys). */
function incidentForPrompt(incident: Incident): Record<string, unknown> {
  const { rawPayloadRef: _raw, dedupeKey: _dedupe, groupKey: _group, investigationKey: _key, ...rest } = incident as Incident & Record<string, unknown>;
  return rest;
}

export { prepareInvestigation, incidentForPrompt };
