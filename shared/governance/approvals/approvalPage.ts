import type { ApprovalRecord } from './approvalRecord';

/** Escapes text for HTML element content and double-quoted attributes. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}' +
  'dt{font-weight:600;margin-top:.6rem}dd{margin:0}pre{white-space:pre-wrap;word-break:break-all;background:#f4f4f4;padding:.6rem}' +
  'form{display:inline-block;margin:1rem 1rem 0 0}textarea{width:22rem;height:4rem;display:block}button{margin-top:.4rem;padding:.4rem 1rem}';

/**
 * The approval page: what the model wants to run and why approval is needed, with approve and
 * reject forms (each needs a reason) while the request is pending. Every value is escaped; the
 * forms post back to `actionUrl` (the page's own path and query, which carries the function key
 * when Entra sign-in is not in front of the app).
 */
function renderApprovalPage(record: ApprovalRecord, actionUrl: string): string {
  const facts: Array<[string, string]> = [
    ['Status', record.status],
    ['Investigation', record.investigationId],
    ...(record.hypothesisId ? ([['Hypothesis', record.hypothesisId]] as Array<[string, string]>) : []),
    ['Tool', record.toolName],
    ['Why approval is needed', record.requestReason],
    ['Requested at', record.requestedAt],
    ['Denied automatically at', record.expiresAt],
    ...(record.decidedBy ? ([['Decided by', record.decidedBy], ['Decided at', record.decidedAt ?? ''], ['Reason', record.decisionReason ?? '']] as Array<[string, string]>) : []),
  ];
  const form = (decision: 'approve' | 'reject', label: string): string =>
    `<form method="post" action="${escapeHtml(actionUrl)}"><input type="hidden" name="decision" value="${decision}"><input type="hidden" name="investigationId" value="${escapeHtml(record.investigationId)}">` +
    `<label>Reason<textarea name="reason" required maxlength="2000"></textarea></label><button type="submit">${label}</button></form>`;
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="robots" content="noindex"><title>Approval ${escapeHtml(record.id)}</title><style>${STYLE}</style></head><body>`,
    `<h1>Approve a tool call?</h1><p>The incident responder asks to run:</p><pre>${escapeHtml(record.invocation)}</pre><dl>`,
    ...facts.map(([title, value]) => `<dt>${escapeHtml(title)}</dt><dd>${escapeHtml(value)}</dd>`),
    '</dl>',
    record.status === 'pending' ? `${form('approve', 'Approve')}${form('reject', 'Reject')}` : `<p>This request is ${escapeHtml(record.status)}; it cannot be decided again.</p>`,
    '</body></html>',
  ].join('\n');
}

/** A short HTML answer after a form post. */
function renderDecisionPage(title: string, message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`;
}

export { renderApprovalPage, renderDecisionPage, escapeHtml };
