import type { AuditLog } from '../governance/audit/auditLog';
import type { Redactor } from '../governance/redaction/redactor';
import { isModelConfigured } from '../llm/createModelClient';
import { llmSettings } from '../llm/llmSettings';
import type { TokenUsage } from '../llm/tokenUsage';
import type { InvestigationReport } from '../report/reportSchema';
import { learningIdOf, nextSources, type Learning, type LearningWriter } from './learning';
import { learningFromModel } from './learningFromModel';
import { learningFromVerdicts } from './learningFromVerdicts';
import { citationsOf, learningGate } from './learningGate';
import type { MemorySettings } from './memorySettings';
import type { MemoryStore } from './memoryStore';

/** Rewrites tried before giving up: each failed one means another writer succeeded, so five concurrent writers of a service all get through. */
const MAX_ATTEMPTS = 5;

interface UpdateLearningInput {
  /** The persisted report, already redacted. */
  report: InvestigationReport;
  service: string;
  settings: MemorySettings;
  store: MemoryStore;
  redactor: Redactor;
  auditLog: AuditLog;
  env: NodeJS.ProcessEnv;
  now: Date;
}

/** The next text of the note: the model's when it passes the learning gate, else the verdicts'. */
async function nextText(input: UpdateLearningInput, previous: Learning | undefined): Promise<{ text: string; writtenBy: LearningWriter; model: string | null; gateRejections: string[]; usage?: TokenUsage }> {
  const maxChars = input.settings.MEMORY_LEARNING_MAX_CHARS;
  const fromVerdicts = (gateRejections: string[]): { text: string; writtenBy: LearningWriter; model: null; gateRejections: string[] } => ({
    text: learningFromVerdicts(input.report, input.service, previous?.text, maxChars),
    writtenBy: 'verdicts',
    model: null,
    gateRejections,
  });
  const llm = llmSettings.load(input.env);
  if (input.settings.MEMORY_LEARNING_WRITER !== 'model' || !isModelConfigured(llm)) return fromVerdicts([]);
  const written = await learningFromModel({ report: input.report, service: input.service, previous: previous?.text, maxChars, settings: llm });
  if (written.note === undefined) return { ...fromVerdicts([written.reason ?? 'the model wrote no note']), usage: written.usage };
  const current = new Set([input.report.investigationId, ...input.report.evidence.map((e) => e.toolCallId)]);
  const citable = new Set([...current, ...(previous?.sources ?? []).map((s) => s.investigationId)]);
  // Ids cited by the earlier note (its tool calls) stay citable: the model may keep those lines.
  for (const id of citationsOf(previous?.text ?? '')) citable.add(id);
  const gate = learningGate({ text: written.note, maxChars, citable, current, redactText: (text) => input.redactor.redactText(text) });
  if (!gate.accepted) return { ...fromVerdicts(gate.reasons), usage: written.usage };
  return { text: written.note.trim(), writtenBy: 'model', model: llm.ANTHROPIC_MODEL, gateRejections: [], usage: written.usage };
}

/**
 * After an investigation: rewrites the learning of its service (docs/memory.md) and records who
 * wrote it in the audit log. The write is conditional on the version read (ETag): when another
 * investigation of the service wrote first, the note is read and rewritten again. The text is
 * redacted and bounded whoever wrote it. `undefined` when others kept writing first.
 */
async function updateLearning(input: UpdateLearningInput): Promise<Learning | undefined> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const current = await input.store.learning(input.service);
    // Redacted again whoever wrote it: the model and the next note never see a secret it holds.
    const previous = current ? { ...current.learning, text: input.redactor.redactText(current.learning.text) } : undefined;
    const next = await nextText(input, previous);
    const learning: Learning = {
      schemaVersion: 1,
      id: learningIdOf(input.service),
      kind: 'learning',
      service: input.service,
      text: input.redactor.redactText(next.text).slice(0, input.settings.MEMORY_LEARNING_MAX_CHARS),
      writtenBy: next.writtenBy,
      model: next.model,
      updatedAt: input.now.toISOString(),
      sources: nextSources(previous, { investigationId: input.report.investigationId, at: input.now.toISOString(), writtenBy: next.writtenBy }),
      gateRejections: next.gateRejections,
    };
    if (!(await input.store.saveLearning(learning, current?.etag))) continue;
    await input.auditLog.append({
      at: input.now.toISOString(),
      investigationId: input.report.investigationId,
      kind: 'memory',
      actor: next.writtenBy === 'model' ? { type: 'model', id: next.model ?? 'model' } : { type: 'system', id: 'learning-from-verdicts' },
      summary: `learning ${learning.id} of service ${input.service} ${previous ? 'rewritten' : 'written'} by ${next.writtenBy === 'model' ? 'the model' : 'the verdicts'}${next.gateRejections.length > 0 ? ` (model note refused: ${next.gateRejections.join('; ')})` : ''}`,
      details: { memoryId: learning.id, service: input.service, writtenBy: next.writtenBy, gateRejections: next.gateRejections, ...(next.usage ? { usage: next.usage } : {}) },
    });
    return learning;
  }
  return undefined;
}

export { updateLearning };
