import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from './devhostProcess';

/** The Azure MCP Server binary `npm install @azure/mcp` brings on Linux x64. */
const AZMCP = join(repoRoot, 'node_modules', '@azure', 'mcp-linux-x64', 'dist', 'azmcp');
/** `mcp-server-everything` (the MCP reference test server), run with this Node. */
const EVERYTHING = join(repoRoot, 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');

/** A server-everything process speaking streamable HTTP on an OS-chosen port. */
interface HttpEverything {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `mcp-server-everything streamableHttp` (its README: the first argument chooses the
 * transport, PORT the port; 0 lets the OS choose, which a preload reports back).
 */
async function startHttpEverything(port = 0): Promise<HttpEverything> {
  const child = spawn(process.execPath, ['--require', join(repoRoot, 'dist', 'test', 'helpers', 'reportListenPort.js'), EVERYTHING, 'streamableHttp'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const chosen = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error('server-everything did not report a port within 30 s')), 30_000);
    createInterface({ input: child.stderr! }).on('line', (line) => {
      const match = /^LISTENING (\d+)$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolvePort(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`server-everything exited with ${code}`)));
  });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  return {
    url: `http://127.0.0.1:${chosen}/mcp`,
    port: chosen,
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

export { AZMCP, EVERYTHING, startHttpEverything };
export type { HttpEverything };
