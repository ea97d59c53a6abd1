import { reliedOn } from '../memory/reliedOn';
import { enrichReport } from '../report/enrichReport';
import type { InvestigationReport } from '../report/reportSchema';
import { targetSettings } from '../targets/targetSettings';
import { telemetrySettings } from '../tools/telemetrySettings';
import type { SynthesisInput } from './investigationSchemas';

/** {@link enrichReport} for an investigation's synthesis, with the link and cap settings of this deployment. */
function enrichInvestigationReport(report: InvestigationReport, input: SynthesisInput, env: NodeJS.ProcessEnv = process.env): InvestigationReport {
  const telemetry = telemetrySettings.load(env);
  const targets = targetSettings.load(env);
  const seenBefore = input.context.memory?.seenBefore ?? [];
  const facts = input.context.memory?.facts ?? [];
  const enriched = enrichReport(report, {
    incident: input.incident,
    ...(input.context.target ? { target: input.context.target } : {}),
    toolCalls: input.hypotheses.flatMap((h) => h.toolCalls),
    links: {
      ...(targets.PORTAL_TENANT ? { tenant: targets.PORTAL_TENANT } : {}),
      workspaces: telemetry.TELEMETRY_WORKSPACE_RESOURCE_IDS,
      components: telemetry.TELEMETRY_APP_INSIGHTS,
    },
    unknownTargetMaxConfidence: targets.TARGET_UNKNOWN_MAX_CONFIDENCE,
  });
  // What memory gave the investigation, cited in the report (docs/memory.md).
  const used = reliedOn(input.context.memory, input.context.engine);
  return {
    ...enriched,
    ...(seenBefore.length > 0 ? { seenBefore } : {}),
    ...(facts.length > 0 ? { rememberedFacts: facts } : {}),
    ...(used.length > 0 ? { reliedOn: used } : {}),
    // The runbooks and skills the subagents were given (docs/knowledge.md).
    ...(input.context.knowledgeUsed.length > 0 ? { knowledgeUsed: input.context.knowledgeUsed } : {}),
  };
}

export { enrichInvestigationReport };
