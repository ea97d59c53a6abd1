import type { InvestigationReport } from '../report/reportSchema';

const oneLine = (text: string, max: number): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** The heading every learning starts with. */
function learningHeading(service: string): string {
  return `# Learnings: ${oneLine(service, 200)}`;
}

/**
 * What one investigation adds to a service's learning, from its verdicts: one bullet citing the
 * investigation (`[id]`) and the tool call that decided it (`[toolCallId]`), so every line of a
 * note says where it came from.
 */
function verdictsEntry(report: InvestigationReport): string {
  const day = report.timings.finishedAt.slice(0, 10);
  const supported = report.hypotheses.filter((h) => h.verdict === 'supported');
  const refuted = report.hypotheses.filter((h) => h.verdict === 'refuted').map((h) => h.hypothesisId);
  const refutedText = refuted.length > 0 ? ` Ruled out: ${refuted.join(', ')}.` : '';
  if (supported.length === 0) {
    const open = report.hypotheses.filter((h) => h.verdict !== 'refuted').map((h) => `${h.hypothesisId} (${h.verdict})`);
    return `- ${day} [${report.investigationId}]: cause undetermined${open.length > 0 ? `; open: ${open.join(', ')}` : ''}.${refutedText}`;
  }
  const causes = supported.map((h) => `${h.hypothesisId} (${h.rootCauseCategory}, ${Math.round(h.confidence * 100)}%)`).join(', ');
  const deciding = report.evidence.find((e) => supported.some((h) => h.evidence.includes(e.toolCallId)) && e.status !== 'error');
  const decidingText = deciding ? ` Deciding query (${deciding.tool}): \`${oneLine(deciding.query, 160).replace(/`/g, "'")}\` [${deciding.toolCallId}].` : '';
  const cause = report.rootCause ? `: ${oneLine(report.rootCause, 200)}` : '';
  return `- ${day} [${report.investigationId}]: confirmed ${causes}${cause}.${decidingText}${refutedText}`;
}

/**
 * The learning written from the verdicts: the heading, this investigation's entry, then the
 * previous note's lines (without its heading, and without an entry of this same investigation, so
 * a retried activity does not add it twice). Oldest lines go first when it is over `maxChars`.
 */
function learningFromVerdicts(report: InvestigationReport, service: string, previous: string | undefined, maxChars: number): string {
  const entry = verdictsEntry(report);
  const earlier = (previous ?? '')
    .split('\n')
    .filter((line, index) => !(index === 0 && line.startsWith('# ')))
    .filter((line) => !line.includes(`[${report.investigationId}]`))
    .filter((line, index, all) => line.trim() !== '' || (index > 0 && all[index - 1]!.trim() !== ''));
  const lines = [learningHeading(service), '', entry, ...earlier];
  while (lines.length > 3 && lines.join('\n').length > maxChars) lines.pop();
  const text = lines.join('\n').trimEnd();
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}

export { learningFromVerdicts, learningHeading, verdictsEntry };
