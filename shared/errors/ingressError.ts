import { AppError } from './appError';

/** One problem with a field of a request, in RFC 9457 `errors[]` extension form. */
interface FieldProblem {
  /** JSON path of the field at fault, e.g. `data.essentials.alertId`; empty for the whole body. */
  path: string;
  message: string;
}

/** The `application/problem+json` body (RFC 9457) an ingress error answers with. */
interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldProblem[];
}

/**
 * A request we refuse. Knows its HTTP status and renders itself as problem+json, so a handler
 * never decides a status code by hand and malformed input never becomes a 500.
 */
class IngressError extends AppError {
  public readonly status: number;
  /** A short stable slug, used as the problem `type` suffix (e.g. `invalid-signature`). */
  public readonly code: string;
  public readonly errors: FieldProblem[];

  public constructor(
    status: number,
    code: string,
    message: string,
    options?: ErrorOptions & { errors?: FieldProblem[] },
  ) {
    super(message, options);
    this.status = status;
    this.code = code;
    this.errors = options?.errors ?? [];
  }

  /** The problem+json body; never includes the cause's text, which may hold secrets. */
  public toProblem(): ProblemDetails {
    const problem: ProblemDetails = {
      type: `${PROBLEM_TYPE_BASE}${this.code}`,
      title: titleFor(this.status),
      status: this.status,
      detail: this.message,
    };
    if (this.errors.length > 0) problem.errors = this.errors;
    return problem;
  }
}

/** 400: the body does not match the schema; `errors` names each bad field. */
class ValidationError extends IngressError {
  public constructor(message: string, errors: FieldProblem[], options?: ErrorOptions) {
    super(400, 'invalid-body', message, { ...options, errors });
  }
}

/** 401: no credentials, or credentials we cannot read. */
class UnauthenticatedError extends IngressError {
  public constructor(message: string, options?: ErrorOptions) {
    super(401, 'unauthenticated', message, options);
  }
}

/** 403: credentials present but wrong (bad signature, wrong audience, missing role). */
class ForbiddenError extends IngressError {
  public constructor(message: string, options?: ErrorOptions) {
    super(403, 'forbidden', message, options);
  }
}

/** 404: the thing asked for does not exist. */
class NotFoundError extends IngressError {
  public constructor(message: string, options?: ErrorOptions) {
    super(404, 'not-found', message, options);
  }
}

/** 413: the body is over the configured limit. */
class PayloadTooLargeError extends IngressError {
  public constructor(limitBytes: number, options?: ErrorOptions) {
    super(413, 'payload-too-large', `request body exceeds the limit of ${limitBytes} bytes`, options);
  }
}

/** 415: the content type is not one we accept. */
class UnsupportedMediaTypeError extends IngressError {
  public constructor(received: string, expected: string, options?: ErrorOptions) {
    super(415, 'unsupported-media-type', `content type '${received}' is not supported; send ${expected}`, options);
  }
}

/** Base of every problem `type` URI; the suffix is the problem's stable code. */
const PROBLEM_TYPE_BASE = 'https://github.com/azure-incident-responder/docs/problems#';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function titleFor(status: number): string {
  return TITLES[status] ?? 'Error';
}

/** Turns zod issues into field problems with dotted paths (`data.essentials.alertId`, `items[2].id`). */
function fieldProblemsFromZod(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): FieldProblem[] {
  return issues.map((issue) => ({
    path: issue.path
      .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`))
      .join(''),
    message: issue.message,
  }));
}

export {
  IngressError,
  ValidationError,
  UnauthenticatedError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  fieldProblemsFromZod,
  titleFor,
  PROBLEM_TYPE_BASE,
};
export type { FieldProblem, ProblemDetails };
