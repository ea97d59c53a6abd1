import { randomUUID } from 'node:crypto';
import type { RpcBindingInfo, RpcTypedData } from './coreApiTypes';
import type { LoadedApp } from './appLoader';
import type { Logger } from './logger';
import { toLogLevel } from './logger';

/** One input value for an invocation, keyed by binding type (binding names are hashed by the library). */
interface InvocationInput {
  /** Binding type to fill, e.g. `httpTrigger`, `durableClient`. */
  bindingType: string;
  data: RpcTypedData;
}

interface InvocationResult {
  invocationId: string;
  returnValue: RpcTypedData | null | undefined;
}

/** Thrown when the function threw; carries the user error as `cause`. */
class FunctionInvocationError extends Error {
  public constructor(
    public readonly functionName: string,
    public readonly invocationId: string,
    cause: unknown,
  ) {
    super(`Exception while executing function: Functions.${functionName}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'FunctionInvocationError';
  }
}

/** Finds a binding's name by its type; names are generated hashes, types are stable. */
function bindingNameByType(bindings: Record<string, RpcBindingInfo>, type: string): string | undefined {
  return Object.entries(bindings).find(([, binding]) => binding.type === type)?.[0];
}

/**
 * Invokes a registered function the way the worker's InvocationHandler does: the library builds
 * its own `InvocationContext` and arguments, hooks run around the call, and the library converts
 * the result to the RPC shape.
 */
async function invokeFunction(
  app: LoadedApp,
  functionName: string,
  triggerInputs: InvocationInput[],
  logger: Logger,
  triggerMetadata: Record<string, RpcTypedData> = {},
): Promise<InvocationResult> {
  const registered = app.core.functions.get(functionName.toLowerCase());
  if (!registered) throw new Error(`function "${functionName}" is not registered`);
  const model = app.core.programmingModel;
  if (!model) throw new Error('no programming model is set');
  const invocationId = randomUUID();
  const { bindings } = registered.metadata;
  // Like the real host, any function that declares a durable client binding gets it, whatever its trigger.
  let inputs = triggerInputs;
  const clientBinding = bindingNameByType(bindings, 'durableClient') ?? bindingNameByType(bindings, 'orchestrationClient');
  if (clientBinding && app.durableClientInput && !inputs.some((i) => i.bindingType === 'durableClient' || i.bindingType === 'orchestrationClient')) {
    inputs = [...inputs, { bindingType: bindings[clientBinding]!.type as string, data: { json: JSON.stringify(app.durableClientInput) } }];
  }
  const inputData = inputs.map((input) => {
    const name = bindingNameByType(bindings, input.bindingType);
    if (!name) throw new Error(`function "${functionName}" has no ${input.bindingType} binding`);
    return { name, data: input.data };
  });
  const log = logger.child({ function: registered.metadata.name, invocationId });
  const coreCtx = {
    invocationId,
    metadata: { name: registered.metadata.name, bindings },
    request: { invocationId, inputData, triggerMetadata },
    state: undefined as string | undefined,
    log: (level: string, category: string, message: string) => log.log(toLogLevel(level), message, { category }),
  };
  const invocationModel = model.getInvocationModel(coreCtx);
  const { context, inputs: args } = await invocationModel.getArguments();
  const hookData: Record<string, unknown> = {};
  const preContext: Record<string, unknown> = {
    hookData,
    appHookData: app.appHookData,
    invocationContext: context,
    inputs: args,
    functionCallback: registered.callback,
  };
  coreCtx.state = 'preInvocationHooks';
  for (const hook of app.core.hooks.preInvocation) await hook(preContext);
  coreCtx.state = 'invocation';
  const started = performance.now();
  let result: unknown;
  let error: unknown;
  try {
    result = await invocationModel.invokeFunction(context, preContext.inputs as unknown[], preContext.functionCallback as (...a: unknown[]) => unknown);
  } catch (caught) {
    error = caught;
  }
  coreCtx.state = 'postInvocationHooks';
  const postContext: Record<string, unknown> = { hookData, appHookData: app.appHookData, invocationContext: context, inputs: args, result, error };
  for (const hook of app.core.hooks.postInvocation) await hook(postContext);
  const durationMs = Math.round((performance.now() - started) * 100) / 100;
  if (postContext.error !== undefined && postContext.error !== null) {
    log.log('error', `Executed '${registered.metadata.name}' (Failed)`, { durationMs, error: errorMessage(postContext.error) });
    throw new FunctionInvocationError(registered.metadata.name, invocationId, postContext.error);
  }
  const response = await invocationModel.getResponse(context, postContext.result);
  log.log('debug', `Executed '${registered.metadata.name}' (Succeeded)`, { durationMs });
  return { invocationId, returnValue: response.returnValue };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Decodes an RPC typed value into a JS value (the subset hosts send back). */
function fromTypedData(data: RpcTypedData | null | undefined): unknown {
  if (!data) return undefined;
  if (data.json !== undefined && data.json !== null) return JSON.parse(data.json);
  if (data.string !== undefined && data.string !== null) return data.string;
  if (data.bytes) return Buffer.from(data.bytes);
  if (data.int !== undefined && data.int !== null) return data.int;
  if (data.double !== undefined && data.double !== null) return data.double;
  return undefined;
}

export { invokeFunction, fromTypedData, bindingNameByType, FunctionInvocationError };
export type { InvocationInput, InvocationResult };
