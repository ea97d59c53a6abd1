import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { problem } from '../http/problemResponse';

/** The dashboard's files: `dashboard/index.html` and `dashboard/assets/*`, in the deployment package. */
const DASHBOARD_DIR = resolve(__dirname, '..', '..', '..', 'dashboard');

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Scripts, styles and data from this origin only; nothing framed, no inline script. The page
 * URL may carry the function key (`?code=`), so no referrer leaves it.
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

interface DashboardFiles {
  index: Buffer;
  assets: ReadonlyMap<string, { body: Buffer; type: string }>;
}

let files: DashboardFiles | undefined;

/** Reads the dashboard once per process; asset names are the only paths ever served. */
function dashboardFiles(): DashboardFiles {
  if (files) return files;
  const assets = new Map<string, { body: Buffer; type: string }>();
  for (const name of readdirSync(join(DASHBOARD_DIR, 'assets'))) {
    const type = CONTENT_TYPES[extname(name)];
    if (type) assets.set(name, { body: readFileSync(join(DASHBOARD_DIR, 'assets', name)), type });
  }
  files = { index: readFileSync(join(DASHBOARD_DIR, 'index.html')), assets };
  return files;
}

/**
 * `GET /api/dashboard/{*path}`: the page shell, whose script routes on the path
 * (`investigations/<id>`, `approvals`, `incidents`), so links in notes and cards open the right view.
 */
async function serveDashboardPage(): Promise<HttpResponseInit> {
  return { status: 200, headers: { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }, body: new Uint8Array(dashboardFiles().index) };
}

/**
 * `GET /api/dashboard/assets/{name}`: a script, style or image of the dashboard. They hold no
 * data, so they are served without a key (a browser does not send `?code=` for them). The name
 * is looked up in the files read at start, never joined to a folder.
 */
async function serveDashboardAsset(request: HttpRequest): Promise<HttpResponseInit> {
  const name = request.params.name ?? '';
  const asset = dashboardFiles().assets.get(name);
  if (!asset) return problem(404, 'not-found', `the dashboard has no asset ${JSON.stringify(name.slice(0, 100))}`);
  return { status: 200, headers: { ...SECURITY_HEADERS, 'content-type': asset.type, 'cache-control': 'no-cache' }, body: new Uint8Array(asset.body) };
}

export { serveDashboardPage, serveDashboardAsset, dashboardFiles };
