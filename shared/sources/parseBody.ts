import type { z } from 'zod';
import { ValidationError, fieldProblemsFromZod } from '../errors';

/**
 * Parses a request body as JSON. Empty or malformed bodies become a 400 {@link ValidationError}
 * at the root path; the parser's message is kept as the cause only (it can quote the body).
 */
function parseJsonBody(rawBody: Buffer | string): unknown {
  const text = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
  if (text.trim() === '') throw new ValidationError('the request body is empty; send JSON', [{ path: '', message: 'body is empty' }]);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ValidationError('the request body is not valid JSON', [{ path: '', message: 'malformed JSON' }], { cause: error });
  }
}

/**
 * Validates `value` with `schema`; on failure throws a 400 {@link ValidationError} whose
 * `errors[]` name each bad field, prefixed with `pathPrefix` when `value` sits inside a larger
 * body (e.g. `['data', 'alertContext']`).
 */
function parseWithSchema<S extends z.ZodType>(schema: S, value: unknown, what: string, pathPrefix: ReadonlyArray<PropertyKey> = []): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: [...pathPrefix, ...issue.path], message: issue.message }));
  throw new ValidationError(`${what} does not match the expected schema`, fieldProblemsFromZod(issues), { cause: result.error });
}

export { parseJsonBody, parseWithSchema };
