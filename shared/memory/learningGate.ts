/** What the learning gate checks a model-written note against. */
interface LearningGateInput {
  text: string;
  maxChars: number;
  /** Ids the note may cite: this investigation, its evidence's tool calls, the note's earlier sources. */
  citable: ReadonlySet<string>;
  /** Ids of this investigation and its evidence: the note must cite at least one. */
  current: ReadonlySet<string>;
  /** The project's secret redaction: a note it would change quotes a secret. */
  redactText: (text: string) => string;
}

/** `[id]` citations; a markdown link's `[text](url)` is not one. */
const CITATION = /\[([A-Za-z0-9][A-Za-z0-9_.:-]{0,199})\](?!\()/g;

/** The ids a line cites. */
function citationsOf(line: string): string[] {
  return [...line.matchAll(CITATION)].map((m) => m[1]!);
}

/**
 * The Stop-style gate of a learning the model wrote (docs/memory.md): it must fit the size bound,
 * quote no secret, and say nothing it cannot source: every bullet cites an investigation or a
 * tool call in brackets, every citation is one the model was given (no invented sources), and at
 * least one cites this investigation. Any reason refuses the note; the verdicts write it instead.
 */
function learningGate(input: LearningGateInput): { accepted: boolean; reasons: string[] } {
  const reasons: string[] = [];
  const text = input.text.trim();
  if (text.length === 0) reasons.push('the note is empty');
  if (text.length > input.maxChars) reasons.push(`the note is ${text.length} characters, over the bound of ${input.maxChars}`);
  if (input.redactText(text) !== text) reasons.push('the note quotes a secret (redaction would change it)');
  const bullets = text.split('\n').filter((line) => /^\s*([-*]|\d+\.)\s/.test(line));
  if (bullets.length === 0) reasons.push('the note has no bullet');
  const uncited = bullets.filter((line) => citationsOf(line).length === 0);
  if (uncited.length > 0) reasons.push(`${uncited.length} bullet(s) cite no investigation or tool call, e.g. "${uncited[0]!.trim().slice(0, 80)}"`);
  const invented = [...new Set(citationsOf(text).filter((id) => !input.citable.has(id)))];
  if (invented.length > 0) reasons.push(`it cites ${invented.slice(0, 3).join(', ')}, which the evidence does not have`);
  if (!citationsOf(text).some((id) => input.current.has(id))) reasons.push('it cites nothing of this investigation');
  return { accepted: reasons.length === 0, reasons };
}

export { learningGate, citationsOf };
export type { LearningGateInput };
