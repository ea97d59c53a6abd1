import { api } from './api.js';
import { h } from './dom.js';

/** Approve / reject buttons with a required reason, for one pending approval. */
function approvalForm(approval, onDecided) {
  const reason = h('textarea', { name: 'reason', required: true, maxlength: 2000, 'aria-label': `Reason for approval ${approval.id}`, placeholder: 'Why (recorded in the audit log)' });
  const message = h('p', { class: 'error', role: 'alert' });
  const decide = async (decision) => {
    if (!reason.value.trim()) {
      message.textContent = 'A reason is required.';
      reason.focus();
      return;
    }
    try {
      await api(`approvals/${encodeURIComponent(approval.id)}`, { method: 'POST', body: { decision, reason: reason.value.trim() } });
      message.textContent = '';
      onDecided();
    } catch (error) {
      message.textContent = error.message;
    }
  };
  return h('form', { class: 'approval-form', 'data-approval': approval.id, onsubmit: (e) => e.preventDefault() },
    reason,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'primary', onclick: () => decide('approve') }, 'Approve'),
      h('button', { type: 'button', class: 'danger', onclick: () => decide('reject') }, 'Reject')),
    message);
}

export { approvalForm };
