import { api, link } from './api.js';
import { approvalForm } from './approvalForm.js';
import { facts, h, pill, when } from './dom.js';

const DECIDED = ['approved', 'rejected', 'expired'];

function approvalCard(a, refresh) {
  return h('article', { class: 'panel', 'data-approval': a.id },
    h('div', {}, pill(a.status, `a-${a.status}`), ' ', h('strong', {}, a.toolName), ' ',
      h('a', { href: link(`investigations/${encodeURIComponent(a.investigationId)}`) }, a.investigationId)),
    h('pre', {}, a.invocation),
    facts([
      ['Why approval is needed', a.requestReason], ['Hypothesis', a.hypothesisId], ['Requested', when(a.requestedAt)],
      ['Denied automatically at', a.status === 'pending' ? when(a.expiresAt) : null],
      ['Decided by', a.decidedBy], ['Decided', a.decidedAt ? when(a.decidedAt) : null], ['Reason', a.decisionReason],
    ]),
    a.status === 'pending' ? approvalForm(a, refresh) : null);
}

/** Approvals: pending first (decide with a reason), then the most recent decisions. */
function approvalsView(main) {
  async function refresh() {
    const [pending, ...decided] = await Promise.all([api('approvals?status=pending'), ...DECIDED.map((s) => api(`approvals?status=${s}`))]);
    const recent = decided.flatMap((d) => d.approvals).sort((a, b) => (b.decidedAt ?? b.requestedAt).localeCompare(a.decidedAt ?? a.requestedAt)).slice(0, 25);
    main.replaceChildren(...[
      h('h1', {}, 'Approvals'),
      h('section', { id: 'pending' }, h('h2', {}, `Pending (${pending.approvals.length})`),
        pending.approvals.length ? pending.approvals.map((a) => approvalCard(a, refresh)) : h('p', { class: 'muted' }, 'Nothing is waiting for a decision.')),
      h('section', { id: 'decided' }, h('h2', {}, 'Recently decided'), recent.length ? recent.map((a) => approvalCard(a, refresh)) : h('p', { class: 'muted' }, 'None yet.')),
    ]);
  }
  return { refresh, intervalMs: 4000 };
}

export { approvalsView };
