/**
 * Base of every error the responder raises on purpose.
 *
 * Families below it say who is at fault (configuration, the caller, an upstream service, the
 * model, a policy) so callers can decide what to do by `name` rather than `instanceof`, which
 * survives a module loaded twice (the devhost and the app can hold separate copies).
 */
class AppError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A setting, plan or rule is wrong; raised at startup, before any side effect. */
class ConfigError extends AppError {
  /** The setting, file or field at fault, e.g. `PAGERDUTY_WEBHOOK_SECRETS` or `plans/db.yaml: budgets.maxTurns`. */
  public readonly setting: string;

  public constructor(setting: string, message: string, options?: ErrorOptions) {
    super(`${setting}: ${message}`, options);
    this.setting = setting;
  }
}

/**
 * An upstream dependency (storage, an API) failed in a way that may pass on retry.
 * Activities throw it so that `callActivityWithRetry` retries them.
 */
class TransientError extends AppError {}

/** Storage (Azurite or Azure Storage) cannot be reached; says which endpoint and why. */
class StorageUnavailableError extends TransientError {
  public readonly endpoint: string;

  public constructor(endpoint: string, message: string, options?: ErrorOptions) {
    super(`storage at ${endpoint} is unreachable: ${message}`, options);
    this.endpoint = endpoint;
  }
}

/** True when the error (or any error in its `cause` chain) is worth retrying. */
function isRetryable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 10; depth++) {
    if (current.name === 'TransientError' || current.name === 'StorageUnavailableError') return true;
    current = current.cause;
  }
  return false;
}

export { AppError, ConfigError, TransientError, StorageUnavailableError, isRetryable };
