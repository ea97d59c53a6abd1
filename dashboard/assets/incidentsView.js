import { api, link } from './api.js';
import { h, pill, when } from './dom.js';

/** Alerts received: source, title, severity, dedupe and group keys, and what they started or joined. */
function incidentsView(main, navigate) {
  const body = h('tbody');
  main.replaceChildren(
    h('h1', {}, 'Incidents received'),
    h('table', { id: 'incidents' },
      h('thead', {}, h('tr', {}, h('th', { class: 'w-time' }, 'Received'), h('th', { class: 'wide-only w-7' }, 'Source'), h('th', {}, 'Title'),
        h('th', { class: 'w-4' }, 'Sev'), h('th', { class: 'w-7' }, 'Disposition'), h('th', { class: 'wide-only' }, 'Dedupe / group'), h('th', {}, 'Investigation'))),
      body));
  async function refresh() {
    const { items } = await api('incidents?limit=200');
    body.replaceChildren(...items.map((i) => h('tr', { 'data-incident': i.id },
      h('td', {}, when(i.receivedAt)),
      h('td', { class: 'wide-only' }, i.source),
      h('td', {}, i.title, i.kind === 'resolve' ? [' ', pill('resolve', 'v-supported')] : null),
      h('td', {}, i.severity),
      h('td', {}, pill(i.disposition, 'v-pending')),
      h('td', { class: 'wide-only' }, h('div', { class: 'muted' }, i.dedupeKey), h('div', { class: 'muted' }, i.groupKey)),
      h('td', {}, i.investigationId
        ? h('a', { href: link(`investigations/${encodeURIComponent(i.investigationId)}`), onclick: (e) => { e.preventDefault(); navigate(`investigations/${encodeURIComponent(i.investigationId)}`); } }, i.investigationId)
        : '–'))));
  }
  return { refresh, intervalMs: 4000 };
}

export { incidentsView };
