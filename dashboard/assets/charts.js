// Small SVG charts: verdict counts and the incident's timeline with its changes marked. Drawn in
// percentages of the width, so they fill any screen without scaling their text.

import { h } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const VERDICTS = { supported: 'ok', refuted: 'bad', inconclusive: 'warn', pending: 'idle' };
const CHANGE = /deploy|revision|release|rollout|swap|config|change|restart|scale|upgrade|helm|flux/i;
/** The responder's own steps, which are never the incident's changes. */
const OWN_STEP = /^(plan|hypothesis|investigation|quality gate|report)\b/i;

function s(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** A stacked bar of hypotheses by verdict, with the counts as a legend beneath. */
function verdictBar(counts, label = 'Hypotheses by verdict') {
  const entries = Object.keys(VERDICTS).map((v) => [v, counts[v] ?? 0]).filter(([, n]) => n > 0);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  const text = entries.length ? entries.map(([v, n]) => `${n} ${v}`).join(', ') : 'no hypotheses yet';
  const svg = s('svg', { class: 'bar', width: '100%', height: 14, role: 'img', 'aria-label': `${label}: ${text}` });
  let x = 0;
  for (const [verdict, n] of entries) {
    svg.append(s('rect', { x: `${x}%`, y: 0, width: `${(n / total) * 100}%`, height: 14, fill: `var(--${VERDICTS[verdict]})`, 'data-verdict': verdict, stroke: 'var(--panel)' }));
    x += (n / total) * 100;
  }
  return h('figure', { class: 'verdicts' }, svg, h('figcaption', {}, entries.map(([v, n]) => h('span', { class: `legend v-${v}` }, `${n} ${v}`)), entries.length ? null : text));
}

/**
 * The timeline on a time axis: the alert in red, changes (deployments, revisions, swaps,
 * configuration) in amber, everything else grey; numbered to match the list beneath.
 */
function timelineChart(entries) {
  const points = entries.map((e, i) => ({ ...e, i, t: Date.parse(e.at) })).filter((p) => Number.isFinite(p.t));
  const svg = s('svg', { class: 'timeline', width: '100%', height: 44, role: 'img', 'aria-label': 'Incident timeline: the alert in red, changes in amber' });
  if (points.length === 0) return svg;
  const min = Math.min(...points.map((p) => p.t));
  const max = Math.max(...points.map((p) => p.t));
  const x = (t) => `${2 + (max === min ? 48 : ((t - min) / (max - min)) * 96)}%`;
  svg.append(s('line', { x1: '2%', x2: '98%', y1: 16, y2: 16, stroke: 'var(--line)', 'stroke-width': 2 }));
  for (const p of points) {
    const kind = /alert fired|fired/i.test(p.event) ? 'alert' : !OWN_STEP.test(p.event) && CHANGE.test(p.event) ? 'change' : 'other';
    const dot = s('circle', { cx: x(p.t), cy: 16, r: kind === 'other' ? 4 : 7, fill: `var(--${{ alert: 'bad', change: 'warn', other: 'idle' }[kind]})`, 'data-kind': kind });
    dot.append(s('title', {}, `${p.i + 1}. ${p.at} ${p.event}`));
    svg.append(dot);
  }
  return svg;
}

export { verdictBar, timelineChart };
