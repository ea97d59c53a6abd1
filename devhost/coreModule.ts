import Module from 'node:module';
import type {
  FunctionCallback,
  FunctionMetadata,
  HookCallback,
  HookName,
  ProgrammingModel,
} from './coreApiTypes';
import type { Logger } from './logger';
import { toLogLevel } from './logger';

/** A function the app registered, with its callback. */
interface RegisteredFunction {
  metadata: FunctionMetadata;
  callback: FunctionCallback;
}

const HOOK_NAMES: ReadonlySet<string> = new Set(['preInvocation', 'postInvocation', 'appStart', 'appTerminate', 'log']);

/**
 * The host side of `@azure/functions-core`: what `@azure/functions` registers into. One per
 * loaded app. Mirrors the Node worker's implementation (azure-functions-nodejs-worker
 * `src/coreApi`), including the RangeError for unknown hook names.
 */
class CoreApi {
  public readonly version = '3.10.1';
  public readonly hostVersion = '4.1037.0';
  public readonly functions = new Map<string, RegisteredFunction>();
  public readonly hooks: Record<HookName, HookCallback[]> = {
    preInvocation: [],
    postInvocation: [],
    appStart: [],
    appTerminate: [],
    log: [],
  };
  public programmingModel: ProgrammingModel | undefined;

  public constructor(private readonly logger: Logger) {}

  /** The object handed to `require('@azure/functions-core')`. */
  public moduleExports(): Record<string, unknown> {
    return {
      version: this.version,
      hostVersion: this.hostVersion,
      registerFunction: (metadata: FunctionMetadata, callback: FunctionCallback) => this.registerFunction(metadata, callback),
      registerHook: (name: string, callback: HookCallback) => this.registerHook(name, callback),
      setProgrammingModel: (model: ProgrammingModel) => {
        this.programmingModel = model;
      },
      getProgrammingModel: () => this.programmingModel,
      log: (level: string, category: string, message: string) => this.logger.log(toLogLevel(level), message, { category }),
      Disposable,
    };
  }

  private registerFunction(metadata: FunctionMetadata, callback: FunctionCallback): Disposable {
    const key = metadata.name.toLowerCase();
    if (this.functions.has(key)) {
      throw new Error(`A function with the name "${metadata.name}" has already been registered.`);
    }
    this.functions.set(key, { metadata, callback });
    return new Disposable(() => this.functions.delete(key));
  }

  private registerHook(name: string, callback: HookCallback): Disposable {
    if (!HOOK_NAMES.has(name)) {
      const error = new RangeError(`Unrecognized hook "${name}"`) as RangeError & { isAzureFunctionsSystemError: boolean };
      error.isAzureFunctionsSystemError = true;
      throw error;
    }
    const list = this.hooks[name as HookName];
    list.push(callback);
    return new Disposable(() => {
      const index = list.indexOf(callback);
      if (index >= 0) list.splice(index, 1);
    });
  }
}

/** Same contract as the worker's `Disposable`. */
class Disposable {
  private disposed = false;

  public constructor(private readonly onDispose: () => void) {}

  public dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.onDispose();
  }
}

const CORE_MODULE_ID = '@azure/functions-core';
let installed: CoreApi | undefined;

/**
 * Makes `require('@azure/functions-core')` return `core`'s exports for this process, the way
 * the worker does, before anything requires `@azure/functions` (which caches the lookup).
 * One app per process: installing a second, different CoreApi throws.
 */
function installCoreModule(core: CoreApi): void {
  if (installed && installed !== core) throw new Error('@azure/functions-core is already provided by another app in this process');
  installed = core;
  const moduleWithInternals = Module as unknown as {
    _resolveFilename: (request: string, ...rest: unknown[]) => string;
    _cache: Record<string, unknown>;
  };
  const originalResolve = moduleWithInternals._resolveFilename;
  moduleWithInternals._resolveFilename = function resolveCore(request: string, ...rest: unknown[]): string {
    return request === CORE_MODULE_ID ? CORE_MODULE_ID : originalResolve.call(this, request, ...rest);
  };
  const fake = new Module(CORE_MODULE_ID);
  fake.exports = core.moduleExports();
  fake.loaded = true;
  moduleWithInternals._cache[CORE_MODULE_ID] = fake;
}

export { CoreApi, installCoreModule };
export type { RegisteredFunction };
