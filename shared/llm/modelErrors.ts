import { AppError } from '../errors';

/**
 * The Messages API refused a request in a way retrying will not fix (400 invalid request,
 * 401/403 credentials, 404 unknown model, 413 too large). Not retryable: the activity fails
 * and the investigation reports the gap.
 */
class ModelRequestError extends AppError {
  /** HTTP status, when the API answered. */
  public readonly status: number | undefined;
  /** The API's error type, e.g. `invalid_request_error`. */
  public readonly errorType: string | undefined;

  public constructor(status: number | undefined, errorType: string | undefined, message: string, options?: ErrorOptions) {
    super(message, options);
    this.status = status;
    this.errorType = errorType;
  }
}

export { ModelRequestError };
