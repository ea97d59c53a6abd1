/**
 * Errors of the local KQL evaluator. Both say exactly what failed so the emulator can return a
 * Log Analytics style error and a test (or the model) can see which construct is not supported.
 */
import { AppError } from '../../../shared/errors';

/**
 * The query uses an operator or function the local evaluator does not implement. It is refused
 * rather than answered approximately: a silently wrong answer would mislead an investigation.
 */
class KqlUnsupportedError extends AppError {
  /** The operator or function, e.g. `make-series` or `series_decompose()`. */
  public readonly construct: string;

  public constructor(construct: string, options?: ErrorOptions) {
    super(`KQL ${construct} is not supported by the local Log Analytics emulator`, options);
    this.construct = construct;
  }
}

/**
 * The query is wrong (syntax or semantic error found by the official analyser) or fails while
 * running (e.g. a bad regex). `code` follows Log Analytics' error codes.
 */
class KqlEvaluationError extends AppError {
  public readonly code: 'SyntaxError' | 'SemanticError' | 'EvaluationError';

  public constructor(code: KqlEvaluationError['code'], message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

export { KqlUnsupportedError, KqlEvaluationError };
