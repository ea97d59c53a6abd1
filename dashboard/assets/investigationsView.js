import { api, link } from './api.js';
import { verdictBar } from './charts.js';
import { cost, duration, h, percent, pill, when } from './dom.js';

const STATUSES = ['', 'Running', 'Pending', 'Completed', 'Failed', 'Terminated'];
const SOURCES = ['', 'azure-monitor', 'event-grid', 'pagerduty', 'servicenow'];

/** The investigations list: live phase, source, service, severity, plan, verdict, duration, cost. */
function investigationsView(main, navigate) {
  const filter = { status: '', source: '', text: '' };
  const select = (name, values) =>
    h('select', { name, onchange: (e) => { filter[name] = e.target.value; refresh(); } }, values.map((v) => h('option', { value: v }, v || 'all')));
  const summary = h('div', { class: 'panel', id: 'verdict-summary' });
  const body = h('tbody');
  const count = h('span', { class: 'muted' });
  main.replaceChildren(
    h('h1', {}, 'Investigations ', count),
    h('div', { class: 'filters' },
      h('label', {}, 'Status', select('status', STATUSES)),
      h('label', {}, 'Source', select('source', SOURCES)),
      h('label', {}, 'Search', h('input', { type: 'search', name: 'text', placeholder: 'title, service, plan', oninput: (e) => { filter.text = e.target.value.toLowerCase(); render(); } }))),
    summary,
    h('table', { id: 'investigations' },
      h('thead', {}, h('tr', {},
        h('th', { class: 'w-time' }, 'Started'), h('th', {}, 'Incident'), h('th', { class: 'w-phase' }, 'Phase'),
        h('th', { class: 'wide-only w-7' }, 'Source'), h('th', { class: 'wide-only' }, 'Service'), h('th', { class: 'w-4' }, 'Sev'),
        h('th', { class: 'wide-only' }, 'Plan'), h('th', {}, 'Verdict'), h('th', { class: 'wide-only w-5' }, 'Took'), h('th', { class: 'wide-only w-5' }, 'Cost'))),
      body));

  let rows = [];
  function render() {
    const shown = rows.filter((r) => !filter.text || [r.incidentTitle, r.service, r.planId, r.id].some((v) => (v ?? '').toLowerCase().includes(filter.text)));
    count.textContent = `(${shown.length})`;
    const totals = {};
    for (const r of shown) for (const [v, n] of Object.entries(r.verdicts ?? {})) totals[v] = (totals[v] ?? 0) + n;
    summary.replaceChildren(verdictBar(totals, 'Hypotheses of the listed investigations by verdict'));
    body.replaceChildren(...shown.map((r) => {
      const open = () => navigate(`investigations/${encodeURIComponent(r.id)}`);
      return h('tr', { class: 'row-link', 'data-id': r.id, onclick: open },
        h('td', {}, when(r.startedAt)),
        h('td', {}, h('a', { href: link(`investigations/${encodeURIComponent(r.id)}`), onclick: (e) => { e.preventDefault(); open(); } }, r.incidentTitle ?? r.id)),
        h('td', {}, pill(r.phase ?? r.runtimeStatus, `s-${r.runtimeStatus}`), ' ', r.runtimeStatus !== 'Running' && r.runtimeStatus !== 'Completed' ? pill(r.runtimeStatus, `s-${r.runtimeStatus}`) : null),
        h('td', { class: 'wide-only' }, r.source ?? '–'),
        h('td', { class: 'wide-only' }, r.service ?? '–'),
        h('td', {}, r.severity ?? '–'),
        h('td', { class: 'wide-only' }, r.planId ?? '–'),
        h('td', {}, r.summary ? [r.rootCauseCategory ? pill(r.rootCauseCategory, 'v-supported') : pill('undetermined', 'v-inconclusive'), ' ', percent(r.confidence)] : h('span', { class: 'muted' }, 'in progress')),
        h('td', { class: 'wide-only' }, duration(r.durationMs)),
        h('td', { class: 'wide-only' }, cost(r.costUsd)));
    }));
  }

  async function refresh() {
    const query = new URLSearchParams();
    if (filter.status) query.set('status', filter.status);
    if (filter.source) query.set('source', filter.source);
    rows = await api(`investigations${query.size ? `?${query}` : ''}`);
    render();
  }
  return { refresh, intervalMs: 2500 };
}

export { investigationsView };
