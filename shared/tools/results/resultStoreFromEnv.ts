import { contextSettings } from '../../agent/context/contextSettings';
import { blobServiceClient, resolveStorageConnection } from '../../storage';
import type { ToolDefinition } from '../tool';
import { createReadResultTool } from './readResultTool';
import { createBlobResultStore, type ResultStore } from './resultStore';

let cached: { key: string; store: ResultStore } | undefined;

/**
 * The result store this deployment configured (`TOOL_OUTPUTS_CONTAINER` in the app's storage
 * account), or `undefined` when it is `off` and large results stay inline. One store per process and setting.
 */
function resultStoreFromEnv(env: NodeJS.ProcessEnv = process.env): ResultStore | undefined {
  const container = contextSettings.load(env).TOOL_OUTPUTS_CONTAINER;
  if (container === 'off') return undefined;
  const connection = resolveStorageConnection(env);
  const key = `${container}|${connection.kind === 'identity' ? connection.blobUrl : connection.connectionString}`;
  if (!cached || cached.key !== key) cached = { key, store: createBlobResultStore(blobServiceClient(connection).getContainerClient(container)) };
  return cached.store;
}

/**
 * `read_result` on the configured store, or `undefined` when no store is configured. Its
 * answers stay under the inline threshold (with room for the record around them), so a page is
 * never itself stored.
 */
function readResultToolFromEnv(env: NodeJS.ProcessEnv = process.env): ToolDefinition | undefined {
  const store = resultStoreFromEnv(env);
  if (!store) return undefined;
  const settings = contextSettings.load(env);
  return createReadResultTool({ store, maxRows: settings.READ_RESULT_MAX_ROWS, maxChars: Math.floor(settings.TOOL_RESULT_INLINE_MAX_CHARS * 0.8) }) as unknown as ToolDefinition;
}

export { resultStoreFromEnv, readResultToolFromEnv };
