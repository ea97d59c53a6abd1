import type { Hypothesis } from '../../plans/planSchema';
import { renderTemplate } from '../../plans/templating';

/** A check ready to run: its record id and the arguments with templates filled in. */
interface RenderedCheck {
  /** `<hypothesisId>:<checkId>`: the ToolCallRecord id and the id verdicts cite. */
  id: string;
  checkId: string;
  tool: string;
  arguments: Record<string, unknown>;
}

/**
 * Fills the `{{ jsonata }}` templates of a hypothesis' checks from the template context
 * (conventionally `{ incident, window: { start, end } }`), giving the tool calls deterministic
 * mode runs. Async because JSONata 2 evaluates asynchronously; otherwise pure.
 *
 * @throws TemplateError naming the expression when one fails to evaluate.
 */
async function renderChecks(hypothesis: Hypothesis, context: Record<string, unknown>): Promise<RenderedCheck[]> {
  const rendered: RenderedCheck[] = [];
  for (const check of hypothesis.checks) {
    rendered.push({
      id: checkCallId(hypothesis.id, check.id),
      checkId: check.id,
      tool: check.tool,
      arguments: (await renderTemplate(check.arguments, context)) as Record<string, unknown>,
    });
  }
  return rendered;
}

/** The record id of a check's tool call. */
function checkCallId(hypothesisId: string, checkId: string): string {
  return `${hypothesisId}:${checkId}`;
}

export { renderChecks, checkCallId };
export type { RenderedCheck };
