import type { ExecuteKqlOptions, KqlDatabase, KqlResult } from './kqlTable';
import { KqlUnsupportedError } from './kqlErrors';

/** Runs a KQL query over in-memory tables (replaced below by the real evaluator). */
function executeKql(query: string, database: KqlDatabase, options: ExecuteKqlOptions): KqlResult {
  void database; void options;
  throw new KqlUnsupportedError(query);
}

export { executeKql };
