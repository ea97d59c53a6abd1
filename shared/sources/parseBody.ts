import type { z } from 'zod';
import { ValidationError, fieldProblemsFromZod } from '../errors';

/**
 * Deepest nesting of arrays and objects an ingest body may have. Real alert payloads nest about
 * ten levels; the limit keeps recursive code downstream (`JSON.stringify`, zod, the mappers) far
 * from the stack limit, where a body 10,000 levels deep would throw a `RangeError`.
 */
const MAX_JSON_DEPTH = 64;

/** At most this many path segments are named in a depth problem (the rest is elided). */
const PATH_SEGMENTS_SHOWN = 8;

interface Frame {
  value: unknown;
  depth: number;
  key: PropertyKey | undefined;
  parent: Frame | undefined;
}

function pathOf(frame: Frame): PropertyKey[] {
  const path: PropertyKey[] = [];
  for (let at: Frame | undefined = frame; at?.key !== undefined; at = at.parent) path.unshift(at.key);
  return path;
}

/**
 * Throws a 400 {@link ValidationError} naming the first field nested deeper than `maxDepth`
 * arrays or objects (the top-level value is depth 1). Walks with an explicit stack, so it never
 * recurses itself. `pathPrefix` places `value` inside a larger body (e.g. an event's index).
 */
function assertJsonDepth(value: unknown, pathPrefix: ReadonlyArray<PropertyKey> = [], maxDepth = MAX_JSON_DEPTH): void {
  const stack: Frame[] = [{ value, depth: 1, key: undefined, parent: undefined }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (typeof frame.value !== 'object' || frame.value === null) continue;
    if (frame.depth > maxDepth) {
      const path = [...pathPrefix, ...pathOf(frame)];
      const shown = path.length > PATH_SEGMENTS_SHOWN ? [...path.slice(0, PATH_SEGMENTS_SHOWN), '…'] : path;
      const [problem] = fieldProblemsFromZod([{ path: shown, message: `nested deeper than ${maxDepth} levels` }]);
      throw new ValidationError(`the body nests arrays or objects deeper than ${maxDepth} levels`, [problem!]);
    }
    const entries: Array<[PropertyKey, unknown]> = Array.isArray(frame.value) ? frame.value.map((item, index) => [index, item]) : Object.entries(frame.value);
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], depth: frame.depth + 1, key: entries[i]![0], parent: frame });
  }
}

/**
 * Parses a request body as JSON, no deeper than {@link MAX_JSON_DEPTH}. Empty or malformed
 * bodies become a 400 {@link ValidationError} at the root path; the parser's message is kept as
 * the cause only (it can quote the body). Too deep a body is a 400 naming the field.
 */
function parseJsonBody(rawBody: Buffer | string): unknown {
  const text = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
  if (text.trim() === '') throw new ValidationError('the request body is empty; send JSON', [{ path: '', message: 'body is empty' }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch (error) {
    throw new ValidationError('the request body is not valid JSON', [{ path: '', message: 'malformed JSON' }], { cause: error });
  }
  assertJsonDepth(parsed);
  return parsed;
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

export { parseJsonBody, parseWithSchema, assertJsonDepth, MAX_JSON_DEPTH };
