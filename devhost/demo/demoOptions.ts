import { join, resolve } from 'node:path';
import type { FireRoute } from '../evaluation/runScenario';

/** What `npm run demo` was asked to do. */
interface DemoOptions {
  appDir: string;
  /** Exit after the reports instead of serving until Ctrl+C. */
  once: boolean;
  only: string[];
  route: FireRoute;
  /** Devhost port; 7071 like `npm start`, 0 lets the OS choose. */
  port: number;
  /** Reuse `.devhost/azurite` instead of fresh in-memory storage. */
  reuseStorage: boolean;
  /** Where the write-back previews go (`<out>/<scenario>/`); `.devhost/demo` under the app folder by default. */
  outDir: string;
}

const DEMO_USAGE = `usage: npm run demo [-- --once] [-- --only 01,07] [-- --route ingest|manual] [-- --port <port>] [-- --reuse-storage] [-- --out <dir>]

Starts the local stack (Azurite, telemetry emulator, devhost), fires the bundled scenario alerts at
POST /api/ingest/azure-monitor, shows the investigations live and prints each report's summary;
writes the Teams card and the PagerDuty note write-back would send to .devhost/demo/<scenario>/
(or <dir>/<scenario>/ with --out).
Serves until Ctrl+C unless --once (also DEMO_ONCE=1 or npm run demo --once). Starts on fresh
in-memory storage every time; --reuse-storage keeps .devhost/azurite (as npm start does).
`;

const truthy = (value: string | undefined): boolean => value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());

/**
 * Parses argv and the environment. `--once` may arrive three ways: as an argument
 * (`npm run demo -- --once`), as `DEMO_ONCE=1`, or as npm's own config flag (`npm run demo --once`
 * is swallowed by npm and shows up as `npm_config_once=true`).
 */
function parseDemoOptions(argv: ReadonlyArray<string>, env: NodeJS.ProcessEnv): DemoOptions {
  const options: DemoOptions = {
    appDir: process.cwd(),
    once: truthy(env.DEMO_ONCE) || truthy(env.npm_config_once),
    only: [],
    route: 'ingest',
    port: env.PORT ? Number(env.PORT) : 7071,
    reuseStorage: false,
    outDir: '',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value\n${DEMO_USAGE}`);
      return v;
    };
    if (arg === '--once') options.once = true;
    else if (arg === '--only') options.only.push(...value().split(',').map((s) => s.trim()).filter(Boolean));
    else if (arg === '--route') {
      const route = value();
      if (route !== 'ingest' && route !== 'manual') throw new Error(`--route must be ingest or manual, not ${route}`);
      options.route = route;
    } else if (arg === '--port') options.port = Number(value());
    else if (arg === '--app') options.appDir = resolve(value());
    else if (arg === '--reuse-storage') options.reuseStorage = true;
    else if (arg === '--out') options.outDir = resolve(value());
    else if (arg === '--help' || arg === '-h') throw Object.assign(new Error(DEMO_USAGE), { usage: true });
    else throw new Error(`unknown argument ${arg}\n${DEMO_USAGE}`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error(`invalid port ${String(options.port)}`);
  options.outDir ||= join(options.appDir, '.devhost', 'demo');
  return options;
}

export { parseDemoOptions, DEMO_USAGE };
export type { DemoOptions };
