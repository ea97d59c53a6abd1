// The ops API, called from the dashboard. Locally the page is opened with ?code=<function key>;
// the key is kept for this tab only (sessionStorage) and sent as x-functions-key. Behind App
// Service Authentication (OPS_AUTH=entra) there is no key: the sign-in cookie goes along.

const BASE = new URL('..', import.meta.url).pathname; // "/api/dashboard/"
const API = BASE.replace(/dashboard\/$/, ''); // "/api/"

const fromUrl = new URLSearchParams(location.search).get('code');
if (fromUrl) sessionStorage.setItem('functionKey', fromUrl);
const key = fromUrl || sessionStorage.getItem('functionKey') || '';

/** A dashboard path (e.g. `investigations/abc`) as a link that keeps the key in a new tab. */
function link(path) {
  return `${BASE}${path}${key ? `?code=${encodeURIComponent(key)}` : ''}`;
}

/** An ops API path (e.g. `investigations/abc/report.md`) as a link a person can open. */
function apiLink(path) {
  return `${API}${path}${key ? `?code=${encodeURIComponent(key)}` : ''}`;
}

class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

/** GETs or POSTs the ops API; problem+json answers become an ApiError with their detail. */
async function api(path, options = {}) {
  const headers = { accept: 'application/json', ...(key ? { 'x-functions-key': key } : {}) };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${API}${path}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = text;
  }
  if (!response.ok) {
    const detail = data && typeof data === 'object' && data.detail ? data.detail : `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, response.status === 401 ? `${detail} (open the dashboard with ?code=<function key>, or sign in)` : detail);
  }
  return data;
}

export { api, apiLink, link, ApiError, BASE };
