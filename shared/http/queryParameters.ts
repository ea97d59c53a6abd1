import type { HttpRequest } from '@azure/functions';
import { z } from 'zod';
import { ValidationError, fieldProblemsFromZod, type FieldProblem } from '../errors';

/** Query parameters the host itself reads (`code` is the function key), never the app's to refuse. */
const HOST_PARAMETERS: ReadonlySet<string> = new Set(['code']);

/**
 * Reads a route's query parameters with its zod shape. An empty value counts as absent; a
 * parameter the route does not know, or one given twice, is refused like a bad value, so a typo
 * (`?stauts=`) never silently widens a query.
 *
 * @throws ValidationError (400) naming each bad parameter.
 */
function parseQuery<Shape extends z.ZodRawShape>(request: HttpRequest, shape: Shape): z.infer<z.ZodObject<Shape>> {
  const values: Record<string, string> = {};
  const problems: FieldProblem[] = [];
  // From the URL as sent: `request.query` keeps one value per name, which would hide a repeated parameter.
  for (const [name, value] of new URL(request.url).searchParams) {
    if (HOST_PARAMETERS.has(name)) continue;
    if (!Object.hasOwn(shape, name)) problems.push({ path: name, message: `unknown query parameter; this route takes ${Object.keys(shape).join(', ') || 'none'}` });
    else if (Object.hasOwn(values, name)) problems.push({ path: name, message: 'given more than once' });
    else if (value !== '') values[name] = value;
  }
  const parsed = z.object(shape).safeParse(values);
  if (!parsed.success) problems.push(...fieldProblemsFromZod(parsed.error.issues));
  if (problems.length > 0 || !parsed.success) throw new ValidationError('invalid query parameters', problems);
  return parsed.data;
}

export { parseQuery };
