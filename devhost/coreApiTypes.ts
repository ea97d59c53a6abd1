/**
 * The parts of the `@azure/functions-core` interface (published only as types inside the Node
 * worker) that `@azure/functions` v4 and `durable-functions` v3 use. Declared here because the
 * package ships no typings; field names follow the worker's `types-core/index.d.ts`.
 */

interface RpcTypedData {
  string?: string | null;
  json?: string | null;
  bytes?: Uint8Array | null;
  http?: RpcHttpData | null;
  int?: number | null;
  double?: number | null;
}

interface RpcHttpData {
  method?: string | null;
  url?: string | null;
  headers?: Record<string, string> | null;
  body?: RpcTypedData | null;
  params?: Record<string, string> | null;
  statusCode?: string | null;
  query?: Record<string, string> | null;
  cookies?: unknown[] | null;
}

interface RpcBindingInfo {
  type?: string | null;
  direction?: 'in' | 'out' | 'inout' | null;
  dataType?: string | null;
  [property: string]: unknown;
}

interface FunctionMetadata {
  name: string;
  functionId?: string;
  bindings: Record<string, RpcBindingInfo>;
  retryOptions?: unknown;
}

type FunctionCallback = (...args: unknown[]) => unknown;

interface InvocationRequest {
  invocationId: string;
  inputData: Array<{ name: string; data: RpcTypedData }>;
  triggerMetadata: Record<string, RpcTypedData>;
}

interface CoreInvocationContext {
  invocationId: string;
  metadata: { name: string; bindings: Record<string, RpcBindingInfo> };
  request: InvocationRequest;
  state?: string;
  log(level: string, category: string, message: string): void;
}

interface InvocationModel {
  getArguments(): Promise<{ context: unknown; inputs: unknown[] }>;
  invokeFunction(context: unknown, inputs: unknown[], callback: FunctionCallback): Promise<unknown>;
  getResponse(context: unknown, result: unknown): Promise<{ returnValue?: RpcTypedData | null; outputData?: unknown[] }>;
}

interface ProgrammingModel {
  name: string;
  version: string;
  getInvocationModel(coreCtx: CoreInvocationContext): InvocationModel;
  getCapabilities(capabilities: Record<string, string>): Promise<Record<string, string>>;
}

type HookName = 'preInvocation' | 'postInvocation' | 'appStart' | 'appTerminate' | 'log';
type HookCallback = (context: Record<string, unknown>) => unknown;

export type {
  RpcTypedData,
  RpcHttpData,
  RpcBindingInfo,
  FunctionMetadata,
  FunctionCallback,
  CoreInvocationContext,
  InvocationModel,
  ProgrammingModel,
  HookName,
  HookCallback,
};
