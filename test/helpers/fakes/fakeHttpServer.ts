/**
 * A recording HTTP(S) server on an OS-chosen port for the destination fakes: every request is
 * kept (method, path, headers, body) and answered by the fake's handler, unless a scripted
 * failure is queued first (`failNext`), which is how tests produce outages and 429s.
 */
import { createServer as createHttpServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** One request as the fake received it. */
interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON, `undefined` when it is not JSON. */
  json: unknown;
}

/** A response the handler or a scripted failure gives. */
interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Never answer (the client times out). */
  hang?: boolean;
  /** Answer only after this many milliseconds (the request is recorded at once). */
  delayMs?: number;
  /** Answer only once this settles (the request is recorded and applied at once). */
  until?: Promise<unknown>;
}

/**
 * Where a one-shot trap stops the exchange of the first matching request, so a test can kill the
 * client right there:
 * - `before-request`: the request has not reached the service: it is neither applied nor recorded,
 *   and no answer comes (the client is expected to die);
 * - `holding`: the service applied it and holds the answer (never sent);
 * - `answered`: the service applied it and answered; `sprung` runs right after the answer is written.
 */
type TrapPoint = 'before-request' | 'holding' | 'answered';

interface Trap {
  point: TrapPoint;
  matches: (request: RecordedRequest) => boolean;
  /** Called synchronously when the trap springs (e.g. SIGKILL the client). */
  sprung: (request: RecordedRequest) => void;
}

type FakeHandler = (request: RecordedRequest) => FakeResponse;

/** A running fake. */
interface FakeHttpServer {
  url: string;
  requests: RecordedRequest[];
  /** Answers the next `count` requests with `response` instead of the handler. */
  failNext(count: number, response: FakeResponse): void;
  /** Arms a one-shot trap (see {@link TrapPoint}); requests that do not match pass as usual. */
  trap(trap: Trap): void;
  close(): Promise<void>;
}

async function startFakeHttpServer(handler: FakeHandler, tls?: { key: string; cert: string }): Promise<FakeHttpServer> {
  const requests: RecordedRequest[] = [];
  const scripted: FakeResponse[] = [];
  const hanging = new Set<ServerResponse>();
  const delayed = new Set<NodeJS.Timeout>();
  const traps: Trap[] = [];
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://fake');
      let json: unknown;
      try {
        json = body.length > 0 ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      const recorded: RecordedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', path: decodeURIComponent(url.pathname), query: url.searchParams, headers: req.headers, body, json };
      const trapIndex = traps.findIndex((t) => t.matches(recorded));
      const trap = trapIndex >= 0 ? traps.splice(trapIndex, 1)[0] : undefined;
      if (trap?.point === 'before-request') {
        hanging.add(res);
        trap.sprung(recorded);
        return;
      }
      requests.push(recorded);
      let response: FakeResponse;
      try {
        response = scripted.shift() ?? handler(recorded);
      } catch (error) {
        response = { status: 500, body: { error: { message: `fake handler failed: ${(error as Error).message}` } } };
      }
      if (response.hang || trap?.point === 'holding') {
        hanging.add(res);
        trap?.sprung(recorded);
        return;
      }
      const text = response.body === undefined ? '' : typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
      const answer = (): void => {
        // The client may be gone by then (a test killed it while the answer was held).
        if (res.destroyed) return;
        res.writeHead(response.status, { ...(text ? { 'Content-Type': 'application/json' } : {}), ...response.headers });
        res.end(text);
        trap?.sprung(recorded);
      };
      if (response.until) {
        void response.until.then(answer, answer);
        return;
      }
      if (response.delayMs === undefined) {
        answer();
        return;
      }
      const timer = setTimeout(() => {
        delayed.delete(timer);
        answer();
      }, response.delayMs);
      delayed.add(timer);
    });
  };
  const server: Server = tls ? createHttpsServer({ key: tls.key, cert: tls.cert }, listener) : createHttpServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://${tls ? 'localhost' : '127.0.0.1'}:${port}`,
    requests,
    failNext(count, response) {
      for (let i = 0; i < count; i++) scripted.push(response);
    },
    trap(trap) {
      traps.push(trap);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        for (const timer of delayed) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export { startFakeHttpServer };
export type { FakeHttpServer, FakeResponse, RecordedRequest, Trap, TrapPoint };
