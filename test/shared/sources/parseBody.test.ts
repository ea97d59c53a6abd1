import { MAX_JSON_DEPTH, parseJsonBody } from '../../../shared/sources';

/** `{"a":{"a":...}}` nested `depth` objects deep around `leaf`. */
function nested(depth: number, leaf: unknown = 1): string {
  let json = JSON.stringify(leaf);
  for (let i = 0; i < depth; i++) json = `{"a":${json}}`;
  return json;
}

describe('parseJsonBody', () => {
  it('parses a body nested up to the depth limit', () => {
    // Act
    const parsed = parseJsonBody(nested(MAX_JSON_DEPTH));

    // Assess
    expect(JSON.stringify(parsed)).toBe(nested(MAX_JSON_DEPTH));
  });

  it('refuses a body nested deeper than the limit with a 400 naming the field, without overflowing the stack', () => {
    // Prepare
    const body = `{"data":{"customProperties":{"deep":${'['.repeat(10_000)}${']'.repeat(10_000)}}}}`;

    // Act
    const attempt = (): unknown => parseJsonBody(body);

    // Assess
    expect(attempt).toThrow(expect.objectContaining({ status: 400, errors: [{ path: expect.stringMatching(/^data\.customProperties\.deep\[0\]/), message: `nested deeper than ${MAX_JSON_DEPTH} levels` }] }));
    expect(() => parseJsonBody(nested(MAX_JSON_DEPTH + 1))).toThrow(expect.objectContaining({ status: 400 }));
  });
});
