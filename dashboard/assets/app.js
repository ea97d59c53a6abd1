import { api, BASE, link } from './api.js';
import { approvalsView } from './approvalsView.js';
import { incidentsView } from './incidentsView.js';
import { investigationView } from './investigationView.js';
import { investigationsView } from './investigationsView.js';
import { tasksView } from './tasksView.js';

const main = document.getElementById('main');
const statusLine = document.getElementById('status');
let current = { timer: undefined, generation: 0 };

/** Which view a dashboard path shows: `investigations/<id>`, `approvals`, `incidents`, else the list. */
function route(path) {
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'investigations' && parts[1]) return { nav: 'investigations', make: (nav) => investigationView(main, nav, decodeURIComponent(parts[1])) };
  if (parts[0] === 'approvals') return { nav: 'approvals', make: () => approvalsView(main) };
  if (parts[0] === 'incidents') return { nav: 'incidents', make: (nav) => incidentsView(main, nav) };
  if (parts[0] === 'tasks') return { nav: 'tasks', make: () => tasksView(main) };
  return { nav: 'investigations', make: (nav) => investigationsView(main, nav) };
}

/** The focused element's identity, so a re-render can give focus back to its twin. */
function focusKey() {
  const el = document.activeElement;
  if (!el || !main.contains(el)) return undefined;
  return el.id ? `#${CSS.escape(el.id)}` : el.getAttribute('href') ? `[href="${CSS.escape(el.getAttribute('href'))}"]` : el.name ? `[name="${CSS.escape(el.name)}"]` : undefined;
}

/** Someone is typing a reason or choosing a filter: don't re-render under their hands. */
function editing() {
  const el = document.activeElement;
  return Boolean(el && main.contains(el) && el.tagName === 'TEXTAREA' && el.value.trim());
}

function show(path) {
  clearTimeout(current.timer);
  const generation = ++current.generation;
  const { nav, make } = route(path);
  for (const a of document.querySelectorAll('[data-nav]')) {
    a.href = link(a.dataset.nav);
    if (a.dataset.nav === nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const view = make(navigate);
  const tick = async () => {
    if (generation !== current.generation) return;
    let done = false;
    if (!editing()) {
      const focus = focusKey();
      try {
        done = (await view.refresh()) === true;
        statusLine.textContent = `Updated ${new Date().toLocaleTimeString()}${done ? ' · finished, no longer updating' : ' · updates live'}`;
        statusLine.classList.remove('error');
      } catch (error) {
        statusLine.textContent = `Could not update: ${error.message}`;
        statusLine.classList.add('error');
      }
      if (focus) main.querySelector(focus)?.focus();
    }
    if (!done && generation === current.generation) current.timer = setTimeout(tick, view.intervalMs);
  };
  void tick();
}

function navigate(path) {
  history.pushState({}, '', link(path));
  show(path);
  main.focus();
}

function currentPath() {
  return location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : '';
}

async function updatePendingBadge() {
  const badge = document.getElementById('pending-count');
  try {
    const { approvals } = await api('approvals?status=pending');
    badge.textContent = String(approvals.length);
    badge.hidden = approvals.length === 0;
  } catch {
    badge.hidden = true;
  }
}

function setUpTheme() {
  const saved = localStorage.getItem('theme');
  if (saved) document.documentElement.dataset.theme = saved;
  document.getElementById('theme').addEventListener('click', () => {
    const dark = document.documentElement.dataset.theme ? document.documentElement.dataset.theme === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches || !matchMedia('(prefers-color-scheme: light)').matches;
    document.documentElement.dataset.theme = dark ? 'light' : 'dark';
    localStorage.setItem('theme', document.documentElement.dataset.theme);
  });
}

document.addEventListener('click', (event) => {
  const a = event.target.closest?.('[data-nav]');
  if (!a || event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  navigate(a.dataset.nav);
});
addEventListener('popstate', () => show(currentPath()));
setUpTheme();
show(currentPath());
void updatePendingBadge();
setInterval(updatePendingBadge, 5000);
