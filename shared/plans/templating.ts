import jsonata from 'jsonata';
import { AppError } from '../errors';

/**
 * `{{ expression }}` templating over JSONata, used in plan check arguments
 * (`"{{ incident.resources[0].id }}"`). Expressions are JSONata, evaluated against a context
 * object; nothing is `eval`ed, and an expression cannot reach anything outside its context.
 *
 * A string that is exactly one placeholder keeps the expression's type (a list stays a list);
 * placeholders inside longer text are stringified (objects as JSON, missing values as '').
 */
const PLACEHOLDER = /\{\{([\s\S]+?)\}\}/g;
const WHOLE_PLACEHOLDER = /^\{\{([\s\S]+?)\}\}$/;

/** A JSONata expression that failed to parse or evaluate; says which expression and why. */
class TemplateError extends AppError {
  public readonly expression: string;

  public constructor(expression: string, message: string, options?: ErrorOptions) {
    super(`template expression '${expression}': ${message}`, options);
    this.expression = expression;
  }
}

/** Every `{{ }}` expression found in a string (trimmed), in order. */
function templateExpressions(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => (match[1] ?? '').trim());
}

/** Compiles a JSONata expression, throwing a {@link TemplateError} with the parser's message. */
function compileExpression(expression: string): jsonata.Expression {
  try {
    return jsonata(expression);
  } catch (error) {
    throw new TemplateError(expression, describeJsonataError(error), { cause: error });
  }
}

/** Expressions already known to compile; bounded, since plans hold a few hundred at most. */
const compiling = new Set<string>();
const MAX_REMEMBERED = 10_000;

/**
 * Checks that an expression compiles, remembering the ones that do: plans are validated again
 * each time an orchestration replays its input, and compiling JSONata is the costly part.
 */
function checkExpression(expression: string): void {
  if (compiling.has(expression)) return;
  compileExpression(expression);
  if (compiling.size >= MAX_REMEMBERED) compiling.clear();
  compiling.add(expression);
}

/** Evaluates a JSONata expression against `context` (async, as JSONata 2 requires). */
async function evaluateExpression(expression: string, context: unknown): Promise<unknown> {
  const compiled = compileExpression(expression);
  try {
    return await compiled.evaluate(context);
  } catch (error) {
    throw new TemplateError(expression, describeJsonataError(error), { cause: error });
  }
}

/** Renders one string: a lone placeholder keeps its type, embedded ones become text. */
async function renderTemplateString(text: string, context: unknown): Promise<unknown> {
  const whole = WHOLE_PLACEHOLDER.exec(text);
  if (whole && templateExpressions(text).length === 1) return evaluateExpression((whole[1] ?? '').trim(), context);
  let out = '';
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const index = match.index ?? 0;
    out += text.slice(last, index);
    out += stringify(await evaluateExpression((match[1] ?? '').trim(), context));
    last = index + match[0].length;
  }
  return out + text.slice(last);
}

/** Renders every string inside a JSON-like value (objects and arrays walked recursively). */
async function renderTemplate(value: unknown, context: unknown): Promise<unknown> {
  if (typeof value === 'string') return renderTemplateString(value, context);
  if (Array.isArray(value)) return Promise.all(value.map((item) => renderTemplate(item, context)));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = await renderTemplate(item, context);
    return out;
  }
  return value;
}

/** Every template expression inside a JSON-like value, for validation at load time. */
function collectTemplateExpressions(value: unknown): string[] {
  if (typeof value === 'string') return templateExpressions(value);
  if (Array.isArray(value)) return value.flatMap(collectTemplateExpressions);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(collectTemplateExpressions);
  return [];
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function describeJsonataError(error: unknown): string {
  if (error !== null && typeof error === 'object') {
    const { message, position, code } = error as { message?: unknown; position?: unknown; code?: unknown };
    const where = typeof position === 'number' ? ` at position ${position}` : '';
    const tag = typeof code === 'string' ? ` (${code})` : '';
    if (typeof message === 'string') return `${message}${where}${tag}`;
  }
  return String(error);
}

export {
  TemplateError,
  templateExpressions,
  compileExpression,
  checkExpression,
  evaluateExpression,
  renderTemplate,
  renderTemplateString,
  collectTemplateExpressions,
};
