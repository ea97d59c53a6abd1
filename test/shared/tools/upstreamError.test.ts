import { describeUpstreamError } from '../../../shared/tools/upstreamError';

describe('describeUpstreamError', () => {
  it('prefers the service error code and joins the inner message', () => {
    // Prepare
    const error = Object.assign(new Error('Bad Request'), {
      statusCode: 400,
      details: { error: { code: 'BadArgumentError', message: 'The request had some invalid properties', innererror: { code: 'SemanticError', message: "'Foo' is not a column" } } },
    });

    // Act
    const info = describeUpstreamError(error);

    // Assess
    expect(info).toEqual({
      code: 'BadArgumentError',
      message: "The request had some invalid properties: 'Foo' is not a column",
      status: 400,
      body: error.details,
    });
  });

  it('reads ms-rest-js errors that carry the body as `body`', () => {
    // Prepare
    const error = Object.assign(new Error('x'), { statusCode: 403, body: { error: { code: 'AuthorizationFailed', message: 'no access' } } });

    // Act / Assess
    expect(describeUpstreamError(error)).toMatchObject({ code: 'AuthorizationFailed', message: 'no access', status: 403 });
  });

  it('keeps Node network codes, aborts and timeouts recognisable', () => {
    // Prepare / Act / Assess
    expect(describeUpstreamError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })).code).toBe('ECONNREFUSED');
    expect(describeUpstreamError(Object.assign(new Error('The operation was aborted'), { name: 'AbortError' })).code).toBe('aborted');
    expect(describeUpstreamError(Object.assign(new Error('The operation timed out'), { name: 'TimeoutError' })).code).toBe('timeout');
    expect(describeUpstreamError('plain text')).toEqual({ code: 'upstream_error', message: 'plain text' });
  });
});
