import { api, apiLink, ApiError, link } from './api.js';
import { approvalForm } from './approvalForm.js';
import { timelineChart, verdictBar } from './charts.js';
import { cost, duration, facts, h, percent, pill, when } from './dom.js';

const FINISHED = new Set(['Completed', 'Failed', 'Terminated']);

async function reportOf(id) {
  try {
    return await api(`investigations/${encodeURIComponent(id)}/report.json`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

function evidenceItem(e) {
  return h('div', { class: `evidence e-${e.status}`, id: `evidence-${e.toolCallId}` },
    h('div', {}, h('strong', {}, e.tool), ' ', pill(e.status, e.status === 'success' ? 'v-supported' : e.status === 'error' ? 'v-refuted' : 'v-inconclusive'), ' ',
      h('span', { class: 'muted' }, `${e.hypothesisId} · ${e.toolCallId}`), e.timeRange ? h('span', { class: 'muted' }, ` · ${when(e.timeRange.start)} → ${when(e.timeRange.end)}`) : null,
      ...(e.links ?? []).map((l) => [' · ', h('a', { href: l.url, target: '_blank', rel: 'noopener noreferrer' }, l.label)])),
    h('pre', { class: 'query', 'aria-label': 'query' }, e.query),
    h('pre', { class: 'excerpt', 'aria-label': 'result excerpt' }, e.resultExcerpt));
}

function hypothesisRows(live, report) {
  const byId = new Map((report?.hypotheses ?? []).map((r) => [r.hypothesisId, r]));
  return live.map((hy) => {
    const row = byId.get(hy.id);
    const verdict = row?.verdict ?? hy.verdict ?? 'pending';
    const progress = hy.progress;
    return h('tr', { 'data-hypothesis': hy.id },
      h('td', {}, h('strong', {}, hy.title), h('div', { class: 'muted' }, hy.id)),
      h('td', {}, pill(verdict, `v-${verdict}`), row ? ` ${percent(row.confidence)}` : ''),
      h('td', {}, progress ? `${progress.phase} · ${progress.turns} turns · ${progress.toolCalls} tool calls` : hy.runtimeStatus ?? '–',
        progress?.approvalId ? [' · ', h('a', { href: link('approvals') }, 'awaiting approval')] : null),
      h('td', {}, row?.summary ?? ''));
  });
}

/** One investigation: incident, timeline, hypotheses (live), evidence, report, deliveries, approvals, audit. */
function investigationView(main, _navigate, id) {
  async function refresh() {
    const live = await api(`investigations/${encodeURIComponent(id)}`);
    // The report exists once the status names it; asking earlier would only collect 404s.
    const [report, audit, approvals] = await Promise.all([
      live.status?.report ? reportOf(id) : null,
      api(`audit?investigation=${encodeURIComponent(id)}`).catch(() => ({ records: [] })),
      api(`approvals?investigation=${encodeURIComponent(id)}`).catch(() => ({ approvals: [] })),
    ]);
    const status = live.status ?? {};
    const verdicts = {};
    for (const hy of live.hypotheses ?? []) verdicts[hy.verdict ?? 'pending'] = (verdicts[hy.verdict ?? 'pending'] ?? 0) + 1;
    const pending = approvals.approvals.filter((a) => a.status === 'pending');
    const timeline = report?.timeline ?? [];
    main.replaceChildren(...[
      h('p', {}, h('a', { href: link('investigations') }, '← Investigations')),
      h('h1', {}, live.incidentTitle ?? id),
      h('div', { class: 'panel' }, facts([
        ['Status', [pill(live.phase ?? live.runtimeStatus, `s-${live.runtimeStatus}`), ' ', live.runtimeStatus]],
        ['Investigation', id],
        ['Source', live.source], ['Service', live.service], ['Severity', live.severity], ['Plan', live.planId],
        ['Engine', status.engine], ['Started', when(live.startedAt)],
        ['Signals', status.signals !== undefined ? `${status.signals} alert(s), ${status.updates ?? 0} update(s)` : null],
        ['Resolved', status.resolvedAt ? when(status.resolvedAt) : null],
      ])),
      pending.length ? h('section', { id: 'pending-approvals' }, h('h2', {}, 'Waiting for approval'),
        ...pending.map((a) => h('div', { class: 'panel' }, h('pre', {}, a.invocation), h('p', {}, a.requestReason), approvalForm(a, refresh)))) : null,
      report ? h('section', { id: 'report' }, h('h2', {}, 'Report'),
        h('div', { class: 'panel' },
          h('p', {}, report.summary),
          facts([
            ['Root cause', report.rootCause ?? 'undetermined'], ['Category', report.rootCauseCategory ?? 'undetermined'], ['Confidence', percent(report.confidence)],
            ['Model', report.modelUsed ? report.model : 'none (deterministic checks)'], ['Took', duration(report.timings?.durationMs)],
            ['Tokens', report.usage ? `${report.usage.inputTokens ?? 0} in / ${report.usage.outputTokens ?? 0} out` : null], ['Cost', cost(report.usage?.costUsd)],
          ]),
          h('p', {}, h('a', { href: apiLink(`investigations/${encodeURIComponent(id)}/report.md`) }, 'report.md'), ' · ', h('a', { href: apiLink(`investigations/${encodeURIComponent(id)}/report.json`) }, 'report.json')))) : h('p', { class: 'muted' }, 'The report is not ready yet; this page updates by itself.'),
      timeline.length ? h('section', { id: 'timeline' }, h('h2', {}, 'Timeline'), timelineChart(timeline),
        h('ol', {}, timeline.map((t) => h('li', {}, h('span', { class: 'muted' }, when(t.at)), ' ', t.event)))) : null,
      h('section', { id: 'hypotheses' }, h('h2', {}, 'Hypotheses'), verdictBar(verdicts),
        h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Hypothesis'), h('th', { class: 'w-9' }, 'Verdict'), h('th', {}, 'Progress'), h('th', {}, 'Summary'))),
          h('tbody', {}, hypothesisRows(live.hypotheses ?? [], report)))),
      report?.leads?.length ? h('section', { id: 'leads' }, h('h2', {}, 'Undetermined: best leads'),
        h('ul', {}, report.leads.map((l) => h('li', {}, h('strong', {}, l.title), ' ', pill(l.verdict, `v-${l.verdict}`), ' ', l.rootCauseCategory,
          l.missingEvidence?.length ? h('div', { class: 'muted' }, `Missing: ${l.missingEvidence.join('; ')}`) : null)))) : null,
      report?.seenBefore?.length ? h('section', { id: 'seen-before' }, h('h2', {}, 'Seen before'),
        h('ul', {}, report.seenBefore.map((s) => h('li', {}, h('span', { class: 'muted' }, when(s.firedAt)), ' ', s.title, ': ',
          h('a', { href: link(`investigations/${encodeURIComponent(s.investigationId)}`) }, s.investigationId), ' ', s.rootCauseCategory ?? 'undetermined',
          h('div', { class: 'muted' }, `${s.rootCause ?? s.summary} (memory ${s.memoryId}, matched by ${s.matchedBy.join(', ')})`))))) : null,
      report?.reliedOn?.length ? h('section', { id: 'relied-on' }, h('h2', {}, 'What the responder relied on'),
        h('ul', {}, report.reliedOn.map((m) => h('li', {}, pill(m.kind, `memory-${m.kind}`), ' ', h('a', { href: apiLink(`memory/${encodeURIComponent(m.memoryId)}`) }, m.memoryId), ': ', m.what,
          h('div', { class: 'muted' }, `Used: ${m.use}. From: ${m.from}.`))))) : null,
      report?.recommendedActions?.length ? h('section', {}, h('h2', {}, 'Recommended actions'),
        h('ul', {}, report.recommendedActions.map((a) => h('li', {}, a.proposal ? pill('proposal', 'v-inconclusive') : null, ' ', a.action, a.rationale ? h('div', { class: 'muted' }, a.rationale) : null)))) : null,
      report?.gaps?.length ? h('section', {}, h('h2', {}, 'Gaps'), h('ul', {}, report.gaps.map((g) => h('li', {}, g)))) : null,
      report ? h('section', { id: 'evidence' }, h('h2', {}, `Evidence (${report.evidence.length})`), report.evidence.map(evidenceItem)) : null,
      (status.deliveries ?? []).length ? h('section', { id: 'deliveries' }, h('h2', {}, 'Write-back'),
        h('table', {}, h('tbody', {}, status.deliveries.map((d) => h('tr', {}, h('td', {}, d.step), h('td', {}, d.destination), h('td', {}, pill(d.status, `d-${d.status}`)), h('td', {}, d.detail ?? '')))))) : null,
      h('section', { id: 'audit' }, h('h2', {}, `Audit trail (${audit.records.length})`),
        h('table', {}, h('tbody', {}, audit.records.map((r) => h('tr', {}, h('td', { class: 'w-11' }, when(r.at)), h('td', { class: 'w-7' }, r.kind), h('td', { class: 'w-10' }, `${r.actor.type}:${r.actor.id}`), h('td', {}, r.summary)))))),
    ].filter(Boolean));
    return FINISHED.has(live.runtimeStatus) && report !== null && pending.length === 0;
  }
  return { refresh, intervalMs: 2500 };
}

export { investigationView };
