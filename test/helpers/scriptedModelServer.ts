import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Anthropic Messages API (`POST /v1/messages`, non-streaming), so the
 * real `@anthropic-ai/sdk` client can be pointed at it with `baseURL`. Each request is answered
 * from a script (per key, so parallel subagents get their own), or by a responder function;
 * every request is recorded for assertions on prefixes, breakpoints, parallelism and usage.
 *
 * Response and error bodies follow the published shapes: `{id, type: 'message', role,
 * model, content: [text | tool_use], stop_reason, stop_sequence, usage: {input_tokens,
 * output_tokens, cache_creation_input_tokens, cache_read_input_tokens, ...}}` and
 * `{type: 'error', error: {type, message}}` (429 `rate_limit_error`, 529 `overloaded_error`).
 */

/** A content block the server answers with. */
type ReplyBlock = { type: 'text'; text: string } | { type: 'tool_use'; id?: string; name: string; input: unknown };

/** Token counts to report; unset fields default (see {@link ScriptedModelServerOptions.simulateCache}). */
interface ReplyUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

/** One scripted answer. */
type ScriptedReply =
  | { kind: 'message'; content: ReplyBlock[]; stopReason?: string; usage?: ReplyUsage; model?: string; delayMs?: number }
  | { kind: 'error'; status: number; errorType: string; message: string; headers?: Record<string, string>; delayMs?: number }
  | { kind: 'raw'; status: number; body: string; contentType?: string; delayMs?: number };

/** A request as the server received it. */
interface RecordedRequest {
  index: number;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (`undefined` when it was not JSON). */
  body: MessagesRequestBody | undefined;
  rawBody: string;
  /** `performance.now()` when the request arrived and when its answer was sent. */
  receivedAt: number;
  answeredAt?: number;
  /** The script key this request resolved to, if any. */
  key?: string;
}

/** The parts of a Messages request the tests look at. */
interface MessagesRequestBody {
  model: string;
  max_tokens: number;
  system?: unknown;
  tools?: Array<Record<string, unknown>>;
  tool_choice?: unknown;
  messages: Array<{ role: string; content: unknown }>;
  [key: string]: unknown;
}

interface ScriptedModelServerOptions {
  /** Replies for requests that have no key (or no keyed script), in order. */
  script?: ScriptedReply[];
  /** Names the script a request uses, e.g. the hypothesis id in its first message. */
  keyOf?: (request: RecordedRequest) => string | undefined;
  /** Replies per key, in order. */
  keyedScripts?: Record<string, ScriptedReply[]>;
  /** Called when no script has a reply left; return `undefined` to fail the request (HTTP 400). */
  responder?: (request: RecordedRequest) => ScriptedReply | undefined;
  /**
   * Report cache tokens like the API would when usage is not scripted: the serialised
   * tools + system count as `ceil(bytes / 4)` tokens, written on first sight of a prefix with
   * `cache_control` on its last tool and last system block, read afterwards.
   * @default true
   */
  simulateCache?: boolean;
}

/** A running server. */
interface ScriptedModelServer {
  /** Origin to use as the SDK's `baseURL`, e.g. `http://127.0.0.1:43121`. */
  readonly baseURL: string;
  readonly requests: RecordedRequest[];
  /** Appends replies to a script (`undefined` key: the unkeyed script). */
  enqueue(key: string | undefined, ...replies: ScriptedReply[]): void;
  /** Requests sent to `POST /v1/messages` only. */
  messageRequests(): RecordedRequest[];
  close(): Promise<void>;
}

let toolUseCounter = 0;

/** Builders for scripted replies. */
const reply = {
  text(text: string, options: { usage?: ReplyUsage; stopReason?: string } = {}): ScriptedReply {
    return { kind: 'message', content: [{ type: 'text', text }], stopReason: options.stopReason ?? 'end_turn', ...(options.usage ? { usage: options.usage } : {}) };
  },
  toolUse(calls: Array<{ name: string; input: unknown; id?: string }>, options: { text?: string; usage?: ReplyUsage } = {}): ScriptedReply {
    const content: ReplyBlock[] = options.text ? [{ type: 'text', text: options.text }] : [];
    for (const call of calls) content.push({ type: 'tool_use', name: call.name, input: call.input, ...(call.id ? { id: call.id } : {}) });
    return { kind: 'message', content, stopReason: 'tool_use', ...(options.usage ? { usage: options.usage } : {}) };
  },
  rateLimited(retryAfterSeconds: number): ScriptedReply {
    return {
      kind: 'error',
      status: 429,
      errorType: 'rate_limit_error',
      message: 'Number of request tokens has exceeded your per-minute rate limit',
      headers: { 'retry-after': String(retryAfterSeconds) },
    };
  },
  overloaded(): ScriptedReply {
    return { kind: 'error', status: 529, errorType: 'overloaded_error', message: 'Overloaded' };
  },
  invalidRequest(message: string): ScriptedReply {
    return { kind: 'error', status: 400, errorType: 'invalid_request_error', message };
  },
  malformed(body = '{"id": "msg_broken", "type": "message", "content": ['): ScriptedReply {
    return { kind: 'raw', status: 200, body, contentType: 'application/json' };
  },
  delayed(delayMs: number, inner: ScriptedReply): ScriptedReply {
    return { ...inner, delayMs };
  },
};

/** Starts the server on an OS-chosen port of 127.0.0.1. */
async function startScriptedModelServer(options: ScriptedModelServerOptions = {}): Promise<ScriptedModelServer> {
  const requests: RecordedRequest[] = [];
  const scripts = new Map<string | undefined, ScriptedReply[]>([[undefined, [...(options.script ?? [])]]]);
  for (const [key, replies] of Object.entries(options.keyedScripts ?? {})) scripts.set(key, [...replies]);
  const seenPrefixes = new Set<string>();
  const simulateCache = options.simulateCache ?? true;

  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    let body: MessagesRequestBody | undefined;
    try {
      body = JSON.parse(rawBody) as MessagesRequestBody;
    } catch {
      body = undefined;
    }
    const recorded: RecordedRequest = {
      index: requests.length,
      method: req.method ?? '',
      path: (req.url ?? '').split('?')[0] ?? '',
      headers: req.headers,
      body,
      rawBody,
      receivedAt: performance.now(),
    };
    requests.push(recorded);
    if (recorded.method !== 'POST' || recorded.path !== '/v1/messages') {
      return send(res, recorded, { kind: 'error', status: 404, errorType: 'not_found_error', message: `no route ${recorded.method} ${recorded.path}` });
    }
    const key = options.keyOf?.(recorded);
    if (key !== undefined) recorded.key = key;
    const queue = key !== undefined && scripts.has(key) ? scripts.get(key) : scripts.get(undefined);
    const next = queue?.shift() ?? options.responder?.(recorded);
    if (!next) {
      // 400 rather than 5xx: the SDK would retry a 5xx and hide the missing script.
      return send(res, recorded, reply.invalidRequest(`scripted model server: no reply scripted for request #${recorded.index}${key ? ` (key ${key})` : ''}`));
    }
    return send(res, recorded, next);
  }

  async function send(res: ServerResponse, recorded: RecordedRequest, scripted: ScriptedReply): Promise<void> {
    if (scripted.delayMs) await new Promise((resolve) => setTimeout(resolve, scripted.delayMs));
    const requestId = `req_scripted_${recorded.index}`;
    if (scripted.kind === 'raw') {
      res.writeHead(scripted.status, { 'content-type': scripted.contentType ?? 'application/json', 'request-id': requestId });
      res.end(scripted.body);
    } else if (scripted.kind === 'error') {
      res.writeHead(scripted.status, { 'content-type': 'application/json', 'request-id': requestId, ...(scripted.headers ?? {}) });
      res.end(JSON.stringify({ type: 'error', error: { type: scripted.errorType, message: scripted.message }, request_id: requestId }));
    } else {
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': requestId });
      res.end(JSON.stringify(messageBody(recorded, scripted)));
    }
    recorded.answeredAt = performance.now();
  }

  function messageBody(recorded: RecordedRequest, scripted: Extract<ScriptedReply, { kind: 'message' }>): Record<string, unknown> {
    const content = scripted.content.map((block) =>
      block.type === 'text'
        ? { type: 'text', text: block.text, citations: null }
        : { type: 'tool_use', id: block.id ?? `toolu_scripted_${++toolUseCounter}`, name: block.name, input: block.input },
    );
    const cache = simulateCache && recorded.body ? cacheTokens(recorded.body) : { write: 0, read: 0 };
    const usage = {
      input_tokens: scripted.usage?.input_tokens ?? 50,
      output_tokens: scripted.usage?.output_tokens ?? 20,
      cache_creation_input_tokens: scripted.usage?.cache_creation_input_tokens ?? cache.write,
      cache_read_input_tokens: scripted.usage?.cache_read_input_tokens ?? cache.read,
      cache_creation: { ephemeral_5m_input_tokens: scripted.usage?.cache_creation_input_tokens ?? cache.write, ephemeral_1h_input_tokens: 0 },
      server_tool_use: null,
      service_tier: 'standard',
      inference_geo: null,
      output_tokens_details: null,
      speed: null,
    };
    return {
      id: `msg_scripted_${recorded.index}`,
      type: 'message',
      role: 'assistant',
      model: scripted.model ?? recorded.body?.model ?? 'claude-sonnet-5-5',
      content,
      stop_reason: scripted.stopReason ?? (content.some((block) => block.type === 'tool_use') ? 'tool_use' : 'end_turn'),
      stop_sequence: null,
      usage,
    };
  }

  function cacheTokens(body: MessagesRequestBody): { write: number; read: number } {
    const tools = body.tools ?? [];
    const system = Array.isArray(body.system) ? (body.system as Array<Record<string, unknown>>) : [];
    const marked = tools[tools.length - 1]?.cache_control !== undefined && system[system.length - 1]?.cache_control !== undefined;
    if (!marked) return { write: 0, read: 0 };
    const prefix = JSON.stringify({ tools, system });
    const tokens = Math.ceil(Buffer.byteLength(prefix) / 4);
    if (seenPrefixes.has(prefix)) return { write: 0, read: tokens };
    seenPrefixes.add(prefix);
    return { write: tokens, read: 0 };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    requests,
    enqueue(key, ...replies) {
      const queue = scripts.get(key) ?? [];
      queue.push(...replies);
      scripts.set(key, queue);
    },
    messageRequests() {
      return requests.filter((request) => request.path === '/v1/messages');
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
    },
  };
}

/** A `keyOf` that finds `Test this hypothesis: <id>:` in the first user message (see buildOpeningMessage). */
function hypothesisKeyOf(request: RecordedRequest): string | undefined {
  const first = request.body?.messages[0];
  const text = JSON.stringify(first?.content ?? '');
  return /Test this hypothesis: ([a-z0-9_-]+):/.exec(text)?.[1];
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export { startScriptedModelServer, reply, hypothesisKeyOf };
export type { ScriptedModelServer, ScriptedModelServerOptions, ScriptedReply, ReplyBlock, ReplyUsage, RecordedRequest, MessagesRequestBody };
