/**
 * `jose` 6 is ESM-only and this app compiles to CommonJS. It is loaded with Node's own
 * `require`, which loads ES modules since Node 20.19 and 22.12 (require(esm), unflagged): one
 * synchronous path that works the same under the Functions host (Node 22), the devhost, plain
 * `node` and Jest. Jest 29 replaces `require` and `module.createRequire` with its own loader,
 * which cannot load an ES module (and a dynamic `import()` inside Jest needs
 * `--experimental-vm-modules` and tsc output that keeps `import()`), so Node's `module` is taken
 * from `process.getBuiltinModule` (Node 20.16+), which no test runner rewrites. Values jose
 * checks with `instanceof` (URL) must come from Node's realm too, hence {@link NodeURL}.
 */
import type * as NodeModule from 'node:module';
import type * as NodeUrl from 'node:url';

interface BuiltinModules {
  getBuiltinModule(id: 'node:module'): typeof NodeModule;
  getBuiltinModule(id: 'node:url'): typeof NodeUrl;
}

const builtins = process as unknown as BuiltinModules;
const nodeRequire = builtins.getBuiltinModule('node:module').createRequire(__filename);

type Jose = typeof import('jose');

let loaded: Jose | undefined;

/** The `jose` module, loaded on first use. */
function jose(): Jose {
  loaded ??= nodeRequire('jose') as Jose;
  return loaded;
}

/** `URL` of the realm jose runs in (under Jest, test code has its own). */
const NodeURL = builtins.getBuiltinModule('node:url').URL;

export { jose, NodeURL };
export type { Jose };
